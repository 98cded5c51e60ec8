import type { SearchHit } from '../../protocol/lsp';
import { TEAM_FILE_SCHEME } from '../../protocol/teamUri';
import { isNavigationKey, type NavigationKey } from '../state/listNavigation';
import { fileGroups, type Grouping } from '../state/searchState';
import { h, modifierLabel } from './dom';
import { icon } from './icons';
import { KIND_GLYPHS, KIND_LABELS, lineRange, splitPath } from './labels';

export interface ResultsEvents {
  onSelect(index: number): void;
  onMove(key: NavigationKey, pageSize: number): void;
  onOpen(index: number, toSide: boolean): void;
  onToggleBasket(index: number): void;
  /** Escape: back to the search box. */
  onLeave(): void;
  /** A character typed in the list: it belongs in the search box. */
  onType(): void;
}

export interface ResultsView {
  hits: readonly SearchHit[];
  grouping: Grouping;
  selected: number;
  inBasket(hit: SearchHit): boolean;
}

/**
 * The results as an ARIA listbox: focus stays on the list and `aria-activedescendant` names the
 * selected option, so screen readers follow the keyboard selection. By file, options sit in
 * groups labelled by their file.
 */
export class ResultsList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private options: HTMLElement[] = [];

  constructor(private readonly events: ResultsEvents) {
    this.list = h('div', {
      id: 'results', class: 'results', role: 'listbox', tabindex: '0', 'aria-label': 'Search results',
      'aria-describedby': 'results-keys',
    });
    this.element = h('div', { class: 'results-region' },
      this.list,
      h('p', { id: 'results-keys', class: 'visually-hidden' },
        `Enter opens the result, ${modifierLabel}+Enter opens it to the side, Space adds it to the context basket or removes it.`));

    this.list.addEventListener('keydown', (event) => this.onKey(event));
    this.list.addEventListener('click', (event) => {
      const index = this.indexOf(event.target);
      if (index === -1) return;
      const toggle = (event.target as Element).closest('.row-basket');
      if (toggle) events.onToggleBasket(index);
      else events.onSelect(index);
    });
    this.list.addEventListener('dblclick', (event) => {
      const index = this.indexOf(event.target);
      if (index !== -1 && !(event.target as Element).closest('.row-basket')) events.onOpen(index, event.ctrlKey || event.metaKey);
    });
  }

  render(view: ResultsView): void {
    const max = view.hits.reduce((m, hit) => Math.max(m, hit.score), 0);
    this.options = view.hits.map((hit, index) => this.option(hit, index, view, max));
    if (view.grouping === 'flat') {
      this.list.replaceChildren(...this.options);
    } else {
      this.list.replaceChildren(...fileGroups(view.hits).map((group, g) => {
        const [name, folder] = splitPath(group.path);
        const labelId = `group-${g}`;
        return h('div', { role: 'group', class: 'file-group', 'aria-labelledby': labelId },
          h('div', { id: labelId, class: 'file-header', title: group.path },
            h('span', { class: 'file-name' }, name),
            folder ? h('span', { class: 'file-folder' }, folder) : null,
            h('span', { class: 'badge count', 'aria-label': `${group.hits.length} results` }, String(group.hits.length))),
          ...this.options.slice(group.first, group.first + group.hits.length));
      }));
    }
    this.list.classList.toggle('is-flat', view.grouping === 'flat');
    this.showSelection(view.selected);
  }

  showSelection(selected: number): void {
    this.options.forEach((option, index) => option.setAttribute('aria-selected', String(index === selected)));
    const option = this.options[selected];
    if (option) {
      this.list.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      this.list.removeAttribute('aria-activedescendant');
    }
  }

  focus(): void {
    this.list.focus();
  }

  /** Rows that fit in the visible part of the list: the step of Page Up/Down. */
  pageSize(): number {
    const row = this.options[0]?.getBoundingClientRect().height ?? 0;
    return row > 0 ? Math.max(1, Math.floor(this.list.clientHeight / row) - 1) : 10;
  }

  private option(hit: SearchHit, index: number, view: ResultsView, maxScore: number): HTMLElement {
    const [fileName] = splitPath(hit.path);
    const lines = lineRange(hit.startLine, hit.endLine);
    const share = maxScore > 0 ? hit.score / maxScore : 0;
    const fill = h('span', { class: 'score-fill' });
    fill.style.width = `${Math.round(share * 100)}%`;
    const inBasket = view.inBasket(hit);
    const qualified = hit.qualifiedName && hit.qualifiedName !== hit.name ? hit.qualifiedName : '';
    // A team file that is not on this disk opens as a read-only preview from the server.
    const remote = hit.uri.startsWith(`${TEAM_FILE_SCHEME}:`);
    return h('div', {
      id: `hit-${index}`, role: 'option', class: inBasket ? 'row in-basket' : 'row',
      'aria-selected': 'false',
      'aria-label': `${hit.name || fileName}, ${KIND_LABELS[hit.kind]}, ${hit.path} lines ${lines}${remote ? ', from the team server' : ''}${inBasket ? ', in basket' : ''}`,
      title: `${hit.path}:${lines}`,
    },
    h('span', { class: `kind-badge kind-${hit.kind}`, 'aria-hidden': 'true', title: KIND_LABELS[hit.kind] }, KIND_GLYPHS[hit.kind]),
    h('span', { class: 'row-main' },
      h('span', { class: 'row-name' }, hit.name || fileName),
      qualified ? h('span', { class: 'row-qualified' }, qualified) : null,
      view.grouping === 'flat' ? h('span', { class: 'row-path' }, hit.path) : null),
    remote ? h('span', { class: 'row-team', title: 'From the team server: not on this disk, opens a read-only preview', 'aria-hidden': 'true' }, 'team') : null,
    h('span', { class: 'row-lines' }, lines),
    h('span', { class: 'score', title: `Score ${hit.score.toFixed(2)}`, 'aria-hidden': 'true' }, fill),
    h('span', { class: 'row-basket', title: inBasket ? 'Remove from context basket' : 'Add to context basket', 'aria-hidden': 'true' },
      icon(inBasket ? 'remove' : 'add')));
  }

  private indexOf(target: EventTarget | null): number {
    const option = target instanceof Element ? target.closest('[role="option"]') : null;
    return option ? this.options.indexOf(option as HTMLElement) : -1;
  }

  private onKey(event: KeyboardEvent): void {
    const selected = this.options.findIndex((option) => option.getAttribute('aria-selected') === 'true');
    if (isNavigationKey(event.key)) {
      event.preventDefault();
      this.events.onMove(event.key, this.pageSize());
    } else if (event.key === 'Enter' && selected !== -1) {
      event.preventDefault();
      this.events.onOpen(selected, event.ctrlKey || event.metaKey);
    } else if (event.key === ' ' && selected !== -1) {
      event.preventDefault();
      this.events.onToggleBasket(selected);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.events.onLeave();
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Focus moves before the key is handled, so the character lands in the search box.
      this.events.onType();
    }
  }
}
