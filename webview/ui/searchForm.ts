import { CHUNK_KINDS, LANGUAGES, type SearchFilters } from '../../protocol/engine';
import type { ScopeOption, SearchScope } from '../../protocol/webview';
import { activeFilterCount, type Grouping, type SearchInput } from '../state/searchState';
import { h, setAttributes } from './dom';
import { icon } from './icons';
import { KIND_LABELS, LANGUAGE_LABELS, SCOPE_LABELS } from './labels';

export interface SearchFormEvents {
  /** Any control changed; the app debounces the search. */
  onInput(input: SearchInput): void;
  /** Enter in the search box: search now. */
  onSubmit(): void;
  /** Down arrow in the search box: move into the results. */
  onEnterResults(): void;
  onGrouping(grouping: Grouping): void;
  onFiltersToggled(open: boolean): void;
}

/** The search box, the filters (language, kind, path glob, scope) and the grouping switch. */
export class SearchForm {
  readonly element: HTMLFormElement;
  private readonly query: HTMLInputElement;
  private readonly language: HTMLSelectElement;
  private readonly kind: HTMLSelectElement;
  private readonly pathGlob: HTMLInputElement;
  private readonly filters: HTMLElement;
  private readonly filterToggle: HTMLButtonElement;
  private readonly filterCount: HTMLElement;
  private readonly groupToggle: HTMLButtonElement;
  private readonly scopeGroup: HTMLFieldSetElement;
  private readonly busy: HTMLElement;
  private scope: SearchScope = 'local';
  private preferredScope: SearchScope = 'local';
  private grouping: Grouping = 'file';

  constructor(private readonly events: SearchFormEvents) {
    this.query = h('input', {
      id: 'query', type: 'search', class: 'text-input', placeholder: 'Search code: names, identifiers or words',
      autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'query-hint',
    });
    this.language = h('select', { id: 'filter-language', class: 'select' },
      h('option', { value: '' }, 'Any language'),
      ...LANGUAGES.map((lang) => h('option', { value: lang }, LANGUAGE_LABELS[lang])));
    this.kind = h('select', { id: 'filter-kind', class: 'select' },
      h('option', { value: '' }, 'Any kind'),
      ...CHUNK_KINDS.map((kind) => h('option', { value: kind }, KIND_LABELS[kind])));
    this.pathGlob = h('input', {
      id: 'filter-path', type: 'text', class: 'text-input', placeholder: 'e.g. src/**/*.ts', autocomplete: 'off', spellcheck: 'false',
    });
    this.scopeGroup = h('fieldset', { class: 'scope' }, h('legend', {}, 'Scope'));
    this.filterCount = h('span', { class: 'badge', hidden: true });
    this.filterToggle = h('button', {
      type: 'button', class: 'icon-button', 'aria-expanded': 'false', 'aria-controls': 'filters', title: 'Filters',
    }, icon('filter'), this.filterCount);
    this.groupToggle = h('button', { type: 'button', class: 'icon-button', 'aria-pressed': 'true', title: 'Group results by file' },
      icon('groupByFile'), h('span', { class: 'visually-hidden' }, 'Group results by file'));
    this.filters = h('div', { id: 'filters', class: 'filters', hidden: true },
      h('label', { class: 'field', for: 'filter-language' }, h('span', { class: 'field-label' }, 'Language'), this.language),
      h('label', { class: 'field', for: 'filter-kind' }, h('span', { class: 'field-label' }, 'Kind'), this.kind),
      h('label', { class: 'field field-wide', for: 'filter-path' }, h('span', { class: 'field-label' }, 'Files to include'), this.pathGlob),
      this.scopeGroup);
    this.busy = h('div', { class: 'busy', 'aria-hidden': 'true' });
    this.updateFilterCount();

    this.element = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Search code' },
      h('div', { class: 'search-row' },
        h('label', { class: 'visually-hidden', for: 'query' }, 'Search code'),
        h('div', { class: 'input-box' }, icon('search'), this.query, this.busy),
        this.filterToggle,
        this.groupToggle),
      h('p', { id: 'query-hint', class: 'visually-hidden' },
        'Results update as you type. Down arrow moves to the results.'),
      this.filters);

    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      events.onSubmit();
    });
    for (const control of [this.query, this.pathGlob]) control.addEventListener('input', () => this.changed());
    for (const control of [this.language, this.kind]) control.addEventListener('change', () => this.changed());
    this.query.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        events.onEnterResults();
      }
    });
    this.filterToggle.addEventListener('click', () => {
      const open = this.filters.hidden;
      this.setFiltersOpen(open);
      events.onFiltersToggled(open);
      if (open) this.language.focus();
    });
    this.groupToggle.addEventListener('click', () => {
      this.setGrouping(this.grouping === 'file' ? 'flat' : 'file');
      events.onGrouping(this.grouping);
    });
  }

  value(): SearchInput {
    const filters: SearchFilters = {};
    if (this.language.value) filters.language = this.language.value;
    if (this.kind.value) filters.kind = this.kind.value;
    if (this.pathGlob.value.trim()) filters.pathGlob = this.pathGlob.value.trim();
    return { query: this.query.value, filters, scope: this.scope };
  }

  setValue(input: SearchInput): void {
    this.query.value = input.query;
    this.language.value = input.filters.language ?? '';
    this.kind.value = input.filters.kind ?? '';
    this.pathGlob.value = input.filters.pathGlob ?? '';
    this.scope = input.scope;
    this.scopeGroup.querySelectorAll('input').forEach((radio) => (radio.checked = radio.value === input.scope));
    this.updateFilterCount();
  }

  /** The scopes offered; `preferredScope` is where searches start, so another one counts as a filter. */
  setScopes(options: readonly ScopeOption[], preferredScope: SearchScope): void {
    this.preferredScope = preferredScope;
    this.scopeGroup.querySelectorAll('.scope-option').forEach((option) => option.remove());
    for (const option of options) {
      const radio = h('input', {
        type: 'radio', name: 'scope', value: option.scope, checked: option.scope === this.scope, disabled: !option.enabled,
      });
      radio.addEventListener('change', () => {
        this.scope = option.scope;
        this.changed();
      });
      this.scopeGroup.appendChild(h('label', { class: 'scope-option', title: option.enabled ? null : option.reason },
        radio, h('span', {}, SCOPE_LABELS[option.scope]),
        option.enabled ? null : h('span', { class: 'visually-hidden' }, ` (${option.reason ?? 'unavailable'})`)));
    }
    this.updateFilterCount();
  }

  setGrouping(grouping: Grouping): void {
    this.grouping = grouping;
    const byFile = grouping === 'file';
    const label = 'Group results by file';
    setAttributes(this.groupToggle, { 'aria-pressed': String(byFile), title: byFile ? `${label} (on)` : `${label} (off)` });
    this.groupToggle.querySelector('svg')?.replaceWith(icon(byFile ? 'groupByFile' : 'flatList'));
  }

  setFiltersOpen(open: boolean): void {
    this.filters.hidden = !open;
    this.filterToggle.setAttribute('aria-expanded', String(open));
    this.filterToggle.classList.toggle('is-active', open);
  }

  setBusy(busy: boolean): void {
    this.busy.classList.toggle('is-busy', busy);
  }

  /** Focuses the search box, its text selected or the caret at its end. */
  focus(selectAll = false): void {
    this.query.focus();
    if (selectAll) this.query.select();
    else this.query.setSelectionRange(this.query.value.length, this.query.value.length);
  }

  private changed(): void {
    this.updateFilterCount();
    this.events.onInput(this.value());
  }

  /** The number of active filters, on the toggle, so that hidden filters are never forgotten. */
  private updateFilterCount(): void {
    const count = activeFilterCount(this.value(), this.preferredScope);
    this.filterCount.hidden = count === 0;
    this.filterCount.textContent = String(count);
    this.filterToggle.setAttribute('aria-label', count === 0 ? 'Filters' : `Filters (${count} active)`);
  }
}
