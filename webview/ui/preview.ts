import type { SearchHit } from '../../protocol/lsp';
import type { PreviewLines } from '../state/previewState';
import { h, modifierLabel } from './dom';
import { highlightLines } from './highlight';
import { icon } from './icons';
import { KIND_GLYPHS, KIND_LABELS, lineRange } from './labels';

export interface PreviewEvents {
  onOpen(toSide: boolean): void;
  onToggleBasket(): void;
}

export interface PreviewView {
  hit: SearchHit | null;
  /** The file's lines around the hit; until the host sends them, the hit's own content is shown. */
  lines: PreviewLines | null;
  error: string | null;
  terms: readonly string[];
  inBasket: boolean;
}

/** The selected chunk, highlighted, with its query terms marked and a few lines around it dimmed. */
export class Preview {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly code: HTMLElement;
  private readonly note: HTMLElement;
  private rendered = '';

  constructor(private readonly events: PreviewEvents) {
    this.header = h('div', { class: 'preview-header' });
    this.code = h('pre', { class: 'preview-code', tabindex: '0', 'aria-label': 'Preview' });
    this.note = h('p', { class: 'preview-note', role: 'status' });
    this.element = h('section', { class: 'preview', 'aria-label': 'Preview of the selected result', hidden: true },
      this.header, this.code, this.note);
  }

  render(view: PreviewView): void {
    const { hit } = view;
    this.element.hidden = hit === null;
    if (!hit) {
      this.rendered = '';
      return;
    }
    const key = JSON.stringify([hit.uri, hit.startLine, hit.endLine, hit.hash, view.lines?.firstLine, view.lines?.lines.length, view.terms, view.inBasket]);
    this.note.textContent = view.error ? `Showing the indexed text: ${view.error}` : '';
    if (key === this.rendered) return;
    this.rendered = key;
    this.renderHeader(hit, view.inBasket);
    this.renderCode(hit, view);
  }

  private renderHeader(hit: SearchHit, inBasket: boolean): void {
    const lines = lineRange(hit.startLine, hit.endLine);
    const open = h('button', { type: 'button', class: 'link-button preview-location', title: `Open (${modifierLabel}+click: to the side)` },
      `${hit.path}:${lines}`);
    open.addEventListener('click', (event) => this.events.onOpen(event.ctrlKey || event.metaKey));
    const basket = h('button', { type: 'button', class: 'button secondary small' },
      icon(inBasket ? 'remove' : 'add'), inBasket ? 'Remove from basket' : 'Add to basket');
    basket.addEventListener('click', () => this.events.onToggleBasket());
    this.header.replaceChildren(
      h('div', { class: 'preview-title' },
        h('span', { class: `kind-badge kind-${hit.kind}`, 'aria-hidden': 'true' }, KIND_GLYPHS[hit.kind]),
        h('span', { class: 'preview-name' }, hit.qualifiedName || hit.name || hit.path),
        h('span', { class: 'preview-kind' }, KIND_LABELS[hit.kind])),
      h('div', { class: 'preview-actions' }, open, basket));
  }

  private renderCode(hit: SearchHit, view: PreviewView): void {
    const source = view.lines ?? { firstLine: hit.startLine, lines: hit.content.split('\n') };
    const rows = highlightLines(source.lines.join('\n'), hit.language, view.terms);
    const width = String(source.firstLine + rows.length).length;
    this.code.setAttribute('aria-label', `Preview of ${hit.name || hit.path}, lines ${lineRange(hit.startLine, hit.endLine)}`);
    this.code.style.setProperty('--gutter-digits', String(width));
    this.code.replaceChildren(...rows.map((row, i) => {
      const line = source.firstLine + i;
      const inChunk = line >= hit.startLine && line <= hit.endLine;
      return h('div', { class: inChunk ? 'line' : 'line is-context' },
        h('span', { class: 'line-number', 'aria-hidden': 'true' }, String(line)), row);
    }));
    this.code.scrollTop = 0;
  }
}
