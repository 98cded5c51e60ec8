type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

/**
 * Creates an element. Attributes set to `false`, `null` or `undefined` are left out, `true` sets an
 * empty attribute; text children become text nodes (never parsed as HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** `1234` → `1,234` in the page's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString();
}

export const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
export const modifierLabel = isMac ? '⌘' : 'Ctrl';
