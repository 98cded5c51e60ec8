import * as vscode from 'vscode';
import { SearchRequest } from '../../protocol/lsp';
import type {
  BasketItem, HostToWebview, SearchMessage, WebviewToHost,
} from '../../protocol/webview';
import { errorMessage } from '../commands/commandErrors';
import { readSettings } from '../config';
import type { DaemonClient } from '../daemonClient';
import { BasketContext } from './basketContext';
import { BasketStore } from './basketStore';
import { DaemonAvailabilityTracker } from './daemonAvailability';
import { openLocation, readLinesAround, selectionItem } from './editorActions';
import { panelScopes } from './searchScopes';

/** A webview showing the panel: the activity-bar view or an editor tab. */
export interface PanelSurface {
  readonly webview: vscode.Webview;
  /** Hidden pages are torn down and reloaded when shown again: a message to one is lost. */
  isVisible(): boolean;
  /** The editor group a result opens in on Enter (Ctrl/Cmd+Enter opens beside it). */
  openColumn(): vscode.ViewColumn;
}

interface Connection {
  surface: PanelSurface;
  /** Until the page says `ready`, messages to it would be lost. */
  ready: boolean;
  /** A query for the page's next `init`. */
  pendingQuery: string | undefined;
  search: vscode.CancellationTokenSource | null;
}

/** Quiet time after the last basket change before its tokens are counted. */
const MEASURE_DELAY_MS = 200;

/**
 * The extension side of every open panel: answers their messages (search through the daemon,
 * preview lines, open, selection, copy), keeps the one basket they share, and tells them about
 * the daemon and the index.
 */
export class PanelController implements vscode.Disposable {
  private readonly connections = new Set<Connection>();
  private readonly basket: BasketStore;
  private readonly context: BasketContext;
  private readonly availability: DaemonAvailabilityTracker;
  private readonly disposables: vscode.Disposable[] = [];
  /** Items for the next page that becomes ready (from the "Add Selection" command). */
  private pendingItems: BasketItem[] = [];
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private measureTimer: NodeJS.Timeout | null = null;
  private measuring: vscode.CancellationTokenSource | null = null;

  constructor(workspaceState: vscode.Memento, private readonly daemon: DaemonClient) {
    this.basket = new BasketStore(workspaceState);
    this.context = new BasketContext(daemon);
    this.availability = new DaemonAvailabilityTracker(daemon);
    this.disposables.push(
      this.context,
      this.availability,
      this.availability.onDidChange((availability) => {
        this.broadcast({ type: 'daemon', daemon: availability });
        if (availability.state === 'running') this.measureSoon();
      }),
      daemon.onDidChangeState((state) => {
        if (state) this.broadcast({ type: 'index', state });
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.lastEditor = editor;
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mobius.tokenBudget')) {
          this.broadcast({ type: 'tokenBudget', tokenBudget: this.tokenBudget() });
          this.measureSoon();
        }
        if (event.affectsConfiguration('mobius.team')) this.broadcast({ type: 'scopes', ...panelScopes(readSettings().team) });
      }),
    );
  }

  /** Serves a webview until `onDidDispose` fires. */
  attach(surface: PanelSurface, onDidDispose: vscode.Event<void>, query?: string): void {
    const connection: Connection = { surface, ready: false, pendingQuery: query, search: null };
    this.connections.add(connection);
    const listener = surface.webview.onDidReceiveMessage((message: WebviewToHost) => {
      void this.receive(connection, message);
    });
    const disposal = onDidDispose(() => {
      connection.search?.cancel();
      this.connections.delete(connection);
      listener.dispose();
      disposal.dispose();
    });
  }

  /** Focuses the search box of a surface's page, once it is ready. */
  focusSearch(surface: PanelSurface, query: string | undefined): void {
    const connection = [...this.connections].find((c) => c.surface === surface);
    if (!connection) return;
    if (connection.ready && surface.isVisible()) void this.post(connection, { type: 'focusSearch', query });
    else if (query !== undefined) connection.pendingQuery = query;
  }

  /**
   * Adds the editor's selection to the basket through a visible page (the page owns the basket's
   * rules). With none visible, the item waits for the next page to load: `queued` asks the caller
   * to show one. A string says why there is nothing to add.
   */
  addSelection(): 'added' | 'queued' | string {
    const item = selectionItem(this.liveLastEditor());
    if (typeof item === 'string') return item;
    const ready = [...this.connections].find((c) => c.ready && c.surface.isVisible());
    if (ready) {
      void this.post(ready, { type: 'addToBasket', items: [item] });
      return 'added';
    }
    this.pendingItems.push(item);
    return 'queued';
  }

  dispose(): void {
    if (this.measureTimer) clearTimeout(this.measureTimer);
    this.measuring?.cancel();
    for (const connection of this.connections) connection.search?.cancel();
    this.connections.clear();
    for (const d of this.disposables) d.dispose();
  }

  private async receive(connection: Connection, message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.init(connection);
      case 'search':
        return this.search(connection, message);
      case 'preview':
        try {
          const { firstLine, lines } = await readLinesAround(message, message.contextLines);
          return this.post(connection, { type: 'previewResult', seq: message.seq, uri: message.uri, firstLine, lines });
        } catch (err) {
          return this.post(connection, { type: 'previewFailed', seq: message.seq, message: `Could not read ${message.uri}: ${errorMessage(err)}` });
        }
      case 'open':
        try {
          return await openLocation(message, message.toSide ? vscode.ViewColumn.Beside : connection.surface.openColumn());
        } catch (err) {
          return this.post(connection, { type: 'notice', severity: 'error', message: `Could not open ${message.uri}: ${errorMessage(err)}` });
        }
      case 'basketChanged':
        await this.basket.set(message.items);
        this.broadcast({ type: 'basket', items: message.items }, connection);
        return this.measureSoon();
      case 'addSelection': {
        const item = selectionItem(this.liveLastEditor());
        if (typeof item === 'string') return this.post(connection, { type: 'notice', severity: 'info', message: item });
        return this.post(connection, { type: 'addToBasket', items: [item] });
      }
      case 'copyContext':
        return this.copy(connection, message.items);
      case 'retry':
        return this.availability.retry();
    }
  }

  private async init(connection: Connection): Promise<void> {
    connection.ready = true;
    const query = connection.pendingQuery;
    connection.pendingQuery = undefined;
    await this.post(connection, {
      type: 'init',
      init: {
        ...panelScopes(readSettings().team),
        tokenBudget: this.tokenBudget(),
        basket: this.basket.items,
        daemon: this.availability.availability,
        index: this.daemon.state,
        ...(query !== undefined ? { query } : {}),
      },
    });
    if (this.pendingItems.length > 0) {
      const items = this.pendingItems;
      this.pendingItems = [];
      await this.post(connection, { type: 'addToBasket', items });
    }
    this.measureSoon();
  }

  private async search(connection: Connection, message: SearchMessage): Promise<void> {
    connection.search?.cancel();
    const offered = panelScopes(readSettings().team).scopes.find((s) => s.scope === message.scope);
    if (!offered?.enabled) {
      return this.post(connection, { type: 'searchFailed', seq: message.seq, message: offered?.reason ?? 'This scope is not available.' });
    }
    const cancel = new vscode.CancellationTokenSource();
    connection.search = cancel;
    try {
      const params = { query: message.query, limit: message.limit, scope: message.scope, ...message.filters };
      const response = await this.daemon.request(SearchRequest.type, params, cancel.token);
      this.availability.requestSucceeded();
      if (cancel.token.isCancellationRequested) return;
      await this.post(connection, {
        type: 'searchResult', seq: message.seq, hits: response.hits, tookMs: response.tookMs, partial: response.partial,
        ...(response.teamError ? { teamError: response.teamError } : {}),
      });
    } catch (err) {
      if (cancel.token.isCancellationRequested || this.availability.requestFailed(err)) return;
      await this.post(connection, { type: 'searchFailed', seq: message.seq, message: errorMessage(err) });
    } finally {
      if (connection.search === cancel) connection.search = null;
      cancel.dispose();
    }
  }

  private async copy(connection: Connection, items: readonly BasketItem[]): Promise<void> {
    if (items.length === 0) return this.post(connection, { type: 'notice', severity: 'info', message: 'The basket is empty: add results or a selection first.' });
    try {
      const pack = await this.context.pack(items, this.tokenBudget());
      this.availability.requestSucceeded();
      if (pack.chunks === 0) {
        // An empty pack would silently replace what the user had on the clipboard.
        return this.post(connection, { type: 'notice', severity: 'error', message: 'Nothing in the basket fits in the token budget (mobius.tokenBudget); the clipboard is unchanged.' });
      }
      await vscode.env.clipboard.writeText(pack.markdown);
      vscode.window.setStatusBarMessage(`Mobius: copied ${pack.chunks} ${pack.chunks === 1 ? 'span' : 'spans'} (${pack.tokens} tokens)`, 5000);
      await this.post(connection, { type: 'copied', chunks: pack.chunks, tokens: pack.tokens });
    } catch (err) {
      if (this.availability.requestFailed(err)) return;
      await this.post(connection, { type: 'notice', severity: 'error', message: `Could not pack the basket: ${errorMessage(err)}` });
    }
  }

  /** Counts the basket's tokens after it stops changing; a newer count cancels an older one. */
  private measureSoon(): void {
    this.measuring?.cancel();
    if (this.measureTimer) clearTimeout(this.measureTimer);
    this.measureTimer = setTimeout(() => {
      this.measureTimer = null;
      void this.measure();
    }, MEASURE_DELAY_MS);
  }

  private async measure(): Promise<void> {
    if (this.availability.availability.state !== 'running' || this.connections.size === 0) return;
    this.measuring?.cancel();
    const cancel = (this.measuring = new vscode.CancellationTokenSource());
    const items = this.basket.items;
    try {
      const measured = await this.context.measure(items, this.tokenBudget(), cancel.token);
      if (cancel.token.isCancellationRequested) return;
      // The basket may have changed while this count ran: store the counts on the items as they are now.
      await this.basket.set(this.basket.items.map((item) => ({ ...item, tokens: measured.itemTokens[item.key] ?? item.tokens })));
      this.broadcast(measured);
    } catch (err) {
      if (cancel.token.isCancellationRequested || this.availability.requestFailed(err)) return;
      this.broadcast({ type: 'notice', severity: 'error', message: `Could not count the basket's tokens: ${errorMessage(err)}` });
    } finally {
      if (this.measuring === cancel) this.measuring = null;
      cancel.dispose();
    }
  }

  private tokenBudget(): number {
    return readSettings().tokenBudget;
  }

  /** The last text editor the user was in, if it is still open (a focused editor tab panel has none active). */
  private liveLastEditor(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor ?? this.lastEditor;
    return editor && vscode.window.visibleTextEditors.includes(editor) ? editor : undefined;
  }

  private broadcast(message: HostToWebview, except?: Connection): void {
    for (const connection of this.connections) {
      if (connection !== except && connection.ready) void this.post(connection, message);
    }
  }

  private async post(connection: Connection, message: HostToWebview): Promise<void> {
    await connection.surface.webview.postMessage(message);
  }
}
