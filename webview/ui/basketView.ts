import type { BasketItem } from '../../protocol/webview';
import type { TokenSummary } from '../state/basket';
import { formatCount, h } from './dom';
import { icon } from './icons';
import { KIND_GLYPHS, KIND_LABELS, lineRange } from './labels';

export interface BasketEvents {
  onRemove(key: string): void;
  onClear(): void;
  onCopy(): void;
  onAddSelection(): void;
  onOpen(item: BasketItem): void;
}

/** The context basket: its spans, their tokens against the budget, and "Copy context". */
export class BasketView {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly meter: HTMLElement;
  private readonly meterFill: HTMLElement;
  private readonly meterText: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly copy: HTMLButtonElement;
  private readonly clear: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly addSelection: HTMLButtonElement;
  /** After a removal, focus goes to the row that took the removed one's place. */
  private refocusRow: number | null = null;

  constructor(private readonly events: BasketEvents) {
    this.count = h('span', { class: 'badge' }, '0');
    this.meterFill = h('span', { class: 'meter-fill' });
    this.meterText = h('span', { class: 'meter-text' });
    this.meter = h('div', { class: 'meter', role: 'meter', 'aria-label': 'Tokens in the context basket', 'aria-valuemin': '0' },
      h('span', { class: 'meter-track' }, this.meterFill));
    this.list = h('ul', { class: 'basket-list', 'aria-label': 'Spans in the context basket' });
    this.empty = h('p', { class: 'hint basket-empty' }, 'Add results with Space or +, or add the editor’s selection.');
    const addSelection = this.addSelection = h('button', { type: 'button', class: 'button secondary', title: 'Add the active editor’s selection' },
      icon('selection'), 'Add selection');
    this.clear = h('button', { type: 'button', class: 'button secondary', title: 'Remove everything from the basket' }, icon('clear'), 'Clear');
    this.copy = h('button', { type: 'button', class: 'button primary', title: 'Copy the packed Markdown to the clipboard' }, icon('copy'), 'Copy context');
    this.status = h('p', { class: 'basket-status', role: 'status', 'aria-live': 'polite' });

    this.element = h('section', { class: 'basket', 'aria-labelledby': 'basket-title' },
      h('div', { class: 'section-header' },
        h('h2', { id: 'basket-title' }, 'Context basket'), this.count),
      h('div', { class: 'meter-row' }, this.meter, this.meterText),
      this.list, this.empty,
      h('div', { class: 'basket-actions' }, this.copy, addSelection, this.clear),
      this.status);

    addSelection.addEventListener('click', () => events.onAddSelection());
    this.clear.addEventListener('click', () => events.onClear());
    this.copy.addEventListener('click', () => events.onCopy());
  }

  render(items: readonly BasketItem[], summary: TokenSummary): void {
    this.count.textContent = String(items.length);
    this.count.setAttribute('aria-label', `${items.length} spans`);
    this.empty.hidden = items.length > 0;
    this.copy.disabled = items.length === 0;
    this.clear.disabled = items.length === 0;

    const share = summary.budget > 0 ? Math.min(1, summary.tokens / summary.budget) : 0;
    this.meterFill.style.width = `${Math.round(share * 100)}%`;
    this.meter.dataset.level = summary.level;
    const budget = `${formatCount(summary.budget)} tokens`;
    // Until the daemon has packed this exact basket the figure is the sum of the items' own counts.
    let text = `${formatCount(summary.tokens)} / ${budget}`;
    if (!summary.exact && items.length > 0) text = summary.unmeasured === items.length ? `counting… / ${budget}` : `≈${text}`;
    this.meterText.textContent = text;
    this.meter.setAttribute('aria-valuemax', String(summary.budget));
    this.meter.setAttribute('aria-valuenow', String(Math.min(summary.tokens, summary.budget)));
    this.meter.setAttribute('aria-valuetext', summary.level === 'over' ? `${text}, over the budget` : text);
    this.meterText.classList.toggle('is-over', summary.level === 'over');

    this.list.replaceChildren(...items.map((item, index) => this.row(item, index, summary.omitted.has(item.key))));
    if (this.refocusRow !== null) {
      const rows = this.list.querySelectorAll<HTMLElement>('.basket-item .icon-button');
      (rows[Math.min(this.refocusRow, rows.length - 1)] ?? this.addSelection).focus();
      this.refocusRow = null;
    }
  }

  /** A short-lived message under the buttons (screen readers announce it). */
  say(message: string): void {
    this.status.textContent = message;
  }

  private row(item: BasketItem, index: number, omitted: boolean): HTMLElement {
    const lines = lineRange(item.startLine, item.endLine);
    const open = h('button', { type: 'button', class: 'link-button basket-label', title: `Open ${item.path}:${lines}` },
      h('span', { class: 'basket-name' }, item.label), h('span', { class: 'basket-path' }, `${item.path}:${lines}`));
    open.addEventListener('click', () => this.events.onOpen(item));
    const remove = h('button', { type: 'button', class: 'icon-button', 'aria-label': `Remove ${item.label} (${item.path}:${lines}) from the basket`, title: 'Remove' },
      icon('remove'));
    remove.addEventListener('click', () => {
      this.refocusRow = index;
      this.events.onRemove(item.key);
    });
    const tokens = item.tokens === undefined ? '…' : formatCount(item.tokens);
    return h('li', { class: omitted ? 'basket-item is-omitted' : 'basket-item' },
      h('span', { class: `kind-badge kind-${item.kind}`, 'aria-hidden': 'true', title: KIND_LABELS[item.kind] }, KIND_GLYPHS[item.kind]),
      open,
      h('span', { class: 'basket-tokens', title: omitted ? 'Does not fit in the token budget: left out when copied' : 'Tokens' },
        omitted ? `${tokens} · over budget` : tokens),
      remove);
  }
}
