import type { IndexState, SearchHit } from '../protocol/lsp';
import type {
  BasketItem, BasketMeasuredMessage, DaemonAvailability, HostToWebview, PanelInit, ScopeOption, SearchScope,
} from '../protocol/webview';
import {
  addToBasket, applyMeasurement, basketItemOfHit, holderOf, removeFromBasket, tokenSummary,
} from './state/basket';
import { debounce } from './state/debounce';
import { panelStatus } from './state/panelStatus';
import { readPersisted, type PersistedPanelState } from './state/persisted';
import {
  initialPreviewState, receivePreview, receivePreviewFailure, requestPreview, type PreviewState,
} from './state/previewState';
import { queryTerms } from './state/queryTerms';
import {
  hitKey, initialSearchState, moveSelection, receiveFailure, receiveResult, select, selectedHit, setGrouping,
  startSearch, type SearchInput, type SearchState,
} from './state/searchState';
import { BasketView } from './ui/basketView';
import { formatCount, h } from './ui/dom';
import { Preview } from './ui/preview';
import { ResultsList } from './ui/resultsList';
import { SearchForm } from './ui/searchForm';
import { StatusView } from './ui/statusView';
import type { HostChannel } from './vscodeApi';

/** Quiet time after the last keystroke before a search is sent. */
const SEARCH_DEBOUNCE_MS = 150;
/** Holding an arrow key down asks for one preview, not one per row passed. */
const PREVIEW_DEBOUNCE_MS = 60;

/**
 * The panel: holds the state (pure modules in state/), sends what the user asks for to the host,
 * applies the host's answers, and renders the views in ui/.
 */
export class PanelApp {
  private search: SearchState = initialSearchState();
  private preview: PreviewState = initialPreviewState;
  private basket: BasketItem[] = [];
  private measured: BasketMeasuredMessage | null = null;
  private tokenBudget = 0;
  private daemon: DaemonAvailability = { state: 'starting' };
  private index: IndexState | null = null;
  private filtersOpen = false;
  private terms: string[] = [];
  private renderedHits: readonly SearchHit[] | null = null;
  private renderedBasket: readonly BasketItem[] | null = null;
  private renderedSelection = -1;
  /** The hit whose preview was last asked for (or is about to be). */
  private selectedKey: string | null = null;
  /** Where searches start (`mobius.team.searchScope` once connected to a team server). */
  private preferredScope: SearchScope = 'local';
  private scopes: readonly ScopeOption[] = [{ scope: 'local', enabled: true }];
  /** Whether the scope came from a saved panel (the user's choice) rather than the default. */
  private scopeRestored = false;

  private readonly form: SearchForm;
  private readonly status: StatusView;
  private readonly summary: HTMLElement;
  private readonly results: ResultsList;
  private readonly previewView: Preview;
  private readonly basketView: BasketView;

  private readonly searchSoon = debounce((input: SearchInput) => this.runSearch(input), SEARCH_DEBOUNCE_MS);
  private readonly previewSoon = debounce<void>(() => this.askPreview(), PREVIEW_DEBOUNCE_MS);

  constructor(private readonly host: HostChannel, root: HTMLElement) {
    this.form = new SearchForm({
      onInput: (input) => this.inputChanged(input),
      onSubmit: () => this.submit(),
      onEnterResults: () => this.enterResults(),
      onGrouping: (grouping) => this.update(() => (this.search = setGrouping(this.search, grouping))),
      onFiltersToggled: (open) => {
        this.filtersOpen = open;
        this.persist();
      },
    });
    this.status = new StatusView({
      onRetry: () => {
        this.daemon = { state: 'starting' };
        this.host.post({ type: 'retry' });
        this.render();
      },
      onClearFilters: () => {
        this.form.setValue({ ...this.form.value(), filters: {}, scope: this.preferredScope });
        this.runSearch(this.form.value());
      },
    });
    this.summary = h('p', { class: 'summary', role: 'status', 'aria-live': 'polite' });
    this.results = new ResultsList({
      onSelect: (index) => this.update(() => (this.search = select(this.search, index))),
      onMove: (key, pageSize) => this.update(() => (this.search = moveSelection(this.search, key, pageSize))),
      onOpen: (index, toSide) => this.open(this.search.hits[index], toSide),
      onToggleBasket: (index) => this.toggleBasket(this.search.hits[index]),
      onLeave: () => this.form.focus(true),
      onType: () => this.form.focus(),
    });
    this.previewView = new Preview({
      onOpen: (toSide) => this.open(selectedHit(this.search), toSide),
      onToggleBasket: () => this.toggleBasket(selectedHit(this.search)),
    });
    this.basketView = new BasketView({
      onRemove: (key) => {
        const removed = this.basket.find((item) => item.key === key);
        this.setBasket(removeFromBasket(this.basket, key));
        if (removed) this.basketView.say(`Removed ${removed.label} from the basket.`);
      },
      onClear: () => {
        this.setBasket([]);
        this.basketView.say('The basket is empty.');
      },
      onCopy: () => {
        this.basketView.say('Packing context…');
        this.host.post({ type: 'copyContext', items: this.basket });
      },
      onAddSelection: () => this.host.post({ type: 'addSelection' }),
      onOpen: (item) => this.host.post({ type: 'open', uri: item.uri, startLine: item.startLine, endLine: item.endLine, toSide: false }),
    });

    root.replaceChildren(
      this.form.element,
      this.status.banner,
      this.summary,
      h('div', { class: 'body' },
        h('div', { class: 'results-column' }, this.status.message, this.results.element),
        this.previewView.element),
      this.basketView.element);

    this.restore(readPersisted(host.loadState()));
    host.onMessage((message) => this.receive(message));
    host.post({ type: 'ready' });
  }

  private restore(saved: PersistedPanelState | null): void {
    if (saved) {
      this.scopeRestored = true;
      this.search = initialSearchState(saved.input, saved.grouping);
      this.basket = saved.basket;
      this.filtersOpen = saved.filtersOpen;
    }
    this.form.setValue(this.search.input);
    this.form.setScopes(this.scopes, this.preferredScope);
    this.form.setGrouping(this.search.grouping);
    this.form.setFiltersOpen(this.filtersOpen);
    this.render();
    this.form.focus();
  }

  private receive(message: HostToWebview): void {
    switch (message.type) {
      case 'init':
        return this.init(message.init);
      case 'searchResult':
        return this.update(() => (this.search = receiveResult(this.search, message)));
      case 'searchFailed':
        return this.update(() => (this.search = receiveFailure(this.search, message.seq, message.message)));
      case 'previewResult':
        this.preview = receivePreview(this.preview, message);
        return this.render();
      case 'previewFailed':
        this.preview = receivePreviewFailure(this.preview, message.seq, message.message);
        return this.render();
      case 'index':
        return this.indexChanged(message.state);
      case 'daemon':
        return this.daemonChanged(message.daemon);
      case 'tokenBudget':
        this.tokenBudget = message.tokenBudget;
        return this.render();
      case 'scopes': {
        const before = this.form.value().scope;
        this.setScopes(message.scopes, message.preferredScope, true);
        if (this.form.value().scope !== before) this.runSearch(this.form.value());
        return;
      }
      case 'basket':
        this.basket = message.items;
        this.persist();
        return this.render();
      case 'basketMeasured':
        this.measured = message;
        this.basket = applyMeasurement(this.basket, message);
        this.persist();
        return this.render();
      case 'addToBasket':
        return this.addItems(message.items);
      case 'copied':
        return this.basketView.say(`Copied ${message.chunks} ${message.chunks === 1 ? 'span' : 'spans'} (${formatCount(message.tokens)} tokens) to the clipboard.`);
      case 'notice':
        return this.basketView.say(message.message);
      case 'focusSearch':
        if (message.query !== undefined) {
          this.form.setValue({ ...this.form.value(), query: message.query });
          this.runSearch(this.form.value());
        }
        return this.form.focus(true);
    }
  }

  private init(init: PanelInit): void {
    this.tokenBudget = init.tokenBudget;
    this.basket = init.basket;
    this.daemon = init.daemon;
    this.index = init.index;
    this.setScopes(init.scopes, init.preferredScope);
    if (init.query !== undefined) this.form.setValue({ ...this.form.value(), query: init.query });
    this.persist();
    this.runSearch(this.form.value());
  }

  /**
   * The scopes the host offers now. A panel without a saved choice, or whose scope is no longer
   * offered, or that gains the team scopes while open (`changed`: a team server was just
   * connected) starts from the preferred scope.
   */
  private setScopes(scopes: readonly ScopeOption[], preferredScope: SearchScope, changed = false): void {
    const offered = (scope: SearchScope) => scopes.some((s) => s.scope === scope && s.enabled);
    const gainedTeam = changed && offered('both') && !this.scopes.some((s) => s.scope === 'both' && s.enabled);
    const current = this.form.value();
    let scope = current.scope;
    if (!this.scopeRestored || !offered(scope) || gainedTeam) scope = offered(preferredScope) ? preferredScope : 'local';
    this.scopes = scopes;
    this.preferredScope = preferredScope;
    this.scopeRestored = true;
    if (scope !== current.scope) this.form.setValue({ ...current, scope });
    this.form.setScopes(scopes, preferredScope);
  }

  /** Results found while the index was filling may be incomplete: search again when its phase changes. */
  private indexChanged(state: IndexState): void {
    const phaseChanged = this.index?.phase !== state.phase;
    this.index = state;
    if (phaseChanged && this.search.input.query.trim() !== '' && this.daemon.state === 'running') this.runSearch(this.form.value());
    else this.render();
  }

  private daemonChanged(daemon: DaemonAvailability): void {
    const cameBack = daemon.state === 'running' && this.daemon.state !== 'running';
    this.daemon = daemon;
    if (cameBack) this.runSearch(this.form.value());
    else this.render();
  }

  private inputChanged(input: SearchInput): void {
    this.persist(input);
    if (input.query.trim() === '') {
      this.searchSoon.cancel();
      this.runSearch(input);
    } else {
      this.searchSoon(input);
      this.form.setBusy(true);
    }
  }

  private submit(): void {
    if (this.searchSoon.pending) this.searchSoon.flush();
    else this.runSearch(this.form.value());
  }

  private runSearch(input: SearchInput): void {
    const { state, message } = startSearch(this.search, input);
    this.search = state;
    this.terms = queryTerms(input.query);
    if (message && this.daemon.state === 'running') this.host.post(message);
    this.persist();
    this.render();
  }

  private enterResults(): void {
    if (this.search.hits.length === 0) return;
    if (this.search.selected === -1) this.search = select(this.search, 0);
    this.results.focus();
    this.render();
  }

  private open(hit: SearchHit | null | undefined, toSide: boolean): void {
    if (!hit) return;
    this.host.post({ type: 'open', uri: hit.uri, startLine: hit.startLine, endLine: hit.endLine, toSide });
  }

  private toggleBasket(hit: SearchHit | null | undefined): void {
    if (!hit) return;
    const item = basketItemOfHit(hit);
    const holder = holderOf(this.basket, item);
    if (holder && holder.key === item.key) {
      this.setBasket(removeFromBasket(this.basket, item.key));
      this.basketView.say(`Removed ${item.label} from the basket.`);
    } else if (holder) {
      this.basketView.say(`${item.label} is already in the basket, inside ${holder.label}.`);
    } else {
      this.addItems([item]);
    }
  }

  private addItems(items: readonly BasketItem[]): void {
    const outcome = addToBasket(this.basket, items);
    this.setBasket(outcome.items);
    const labels = items.map((i) => i.label).join(', ');
    this.basketView.say(outcome.added > 0 ? `Added ${labels} to the basket.` : `${labels}: already in the basket.`);
  }

  private setBasket(items: BasketItem[]): void {
    this.basket = items;
    this.host.post({ type: 'basketChanged', items });
    this.persist();
    this.render();
  }

  private persist(input: SearchInput = this.form.value()): void {
    const state: PersistedPanelState = {
      version: 1, input, grouping: this.search.grouping, filtersOpen: this.filtersOpen, basket: this.basket,
    };
    this.host.saveState(state);
  }

  /** Applies a change of the search state and renders it. */
  private update(change: () => void): void {
    change();
    this.render();
  }

  private render(): void {
    const search = this.search;
    const { main, index } = panelStatus(this.daemon, this.index, search, this.preferredScope);
    this.form.setBusy(this.searchSoon.pending || search.phase === 'searching');
    this.status.render(main, index);

    const showResults = main.kind === 'results';
    this.results.element.hidden = !showResults;
    this.summary.textContent = showResults ? this.summaryText() : '';
    const inBasket = (hit: SearchHit) => holderOf(this.basket, basketItemOfHit(hit)) !== undefined;
    if (showResults && (this.renderedHits !== search.hits || this.renderedBasket !== this.basket)) {
      this.results.render({ hits: search.hits, grouping: search.grouping, selected: search.selected, inBasket });
      this.renderedHits = search.hits;
      this.renderedBasket = this.basket;
      this.renderedSelection = search.selected;
    } else if (this.renderedSelection !== search.selected) {
      // Only a moved selection scrolls the list: other updates (index progress) must not undo the user's scrolling.
      this.results.showSelection(search.selected);
      this.renderedSelection = search.selected;
    }

    const hit = showResults ? selectedHit(search) : null;
    const key = hit ? hitKey(hit) : null;
    if (key !== this.selectedKey) {
      this.selectedKey = key;
      this.previewSoon();
    }
    const previewed = key !== null && this.preview.key === key;
    this.previewView.render({
      hit,
      lines: previewed ? this.preview.lines : null,
      error: previewed ? this.preview.error : null,
      terms: this.terms,
      inBasket: hit ? inBasket(hit) : false,
    });

    this.basketView.render(this.basket, tokenSummary(this.basket, this.measured, this.tokenBudget));
  }

  private askPreview(): void {
    const hit = selectedHit(this.search);
    const { state, message } = requestPreview(this.preview, hit);
    this.preview = state;
    if (message) this.host.post(message);
  }

  private summaryText(): string {
    const { hits, tookMs, partial, teamError } = this.search;
    const files = new Set(hits.map((hit) => hit.uri)).size;
    const results = `${hits.length} ${hits.length === 1 ? 'result' : 'results'} in ${files} ${files === 1 ? 'file' : 'files'}`;
    return `${results} · ${Math.round(tookMs)} ms${partial ? ' · still indexing' : ''}${teamError ? ` · no team results: ${teamError}` : ''}`;
  }
}
