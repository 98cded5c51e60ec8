// `Mobius: Search Code` as a QuickPick with live results. The search panel (a webview) replaces
// this file's registration when it lands; nothing else depends on it.
import * as vscode from 'vscode';
import { SearchRequest, TEAM_FILE_SCHEME, type SearchHit } from '../../protocol/lsp';
import type { ChunkKind } from '../../protocol/engine';
import { COMMANDS } from '../commandIds';
import type { DaemonClient } from '../daemonClient';
import { showCommandError } from './commandErrors';

/** Typing pauses this long before a query is sent. */
const QUERY_DEBOUNCE_MS = 120;
const RESULT_LIMIT = 30;

interface HitItem extends vscode.QuickPickItem {
  hit: SearchHit;
}

const KIND_ICONS: Record<ChunkKind, string> = {
  function: 'symbol-function', method: 'symbol-method', class: 'symbol-class', interface: 'symbol-interface',
  type: 'symbol-type-parameter', enum: 'symbol-enum', struct: 'symbol-struct', impl: 'symbol-class',
  trait: 'symbol-interface', namespace: 'symbol-namespace', module: 'symbol-module', section: 'symbol-string',
  block: 'symbol-text',
};

export function registerQuickSearch(daemon: DaemonClient): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.quickSearch, () => quickSearch(daemon));
}

function quickSearch(daemon: DaemonClient): void {
  const pick = vscode.window.createQuickPick<HitItem>();
  pick.title = 'Mobius: Search Code';
  pick.placeholder = 'Search the workspace by name, words or code';
  // The daemon ranks the results; the QuickPick must not filter them (items are `alwaysShow`).
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  pick.value = initialQuery();

  let timer: NodeJS.Timeout | undefined;
  let inFlight: vscode.CancellationTokenSource | undefined;
  const run = (query: string) => {
    inFlight?.cancel();
    if (!query.trim()) {
      pick.items = [];
      pick.busy = false;
      return;
    }
    const cancel = (inFlight = new vscode.CancellationTokenSource());
    pick.busy = true;
    daemon.request(SearchRequest.type, { query, limit: RESULT_LIMIT }, cancel.token).then(
      (response) => {
        if (cancel.token.isCancellationRequested) return;
        pick.items = response.hits.map(toItem);
        pick.busy = false;
        if (response.teamError) pick.title = `Mobius: Search Code (local results only: ${response.teamError})`;
      },
      (err: unknown) => {
        if (cancel.token.isCancellationRequested) return;
        pick.busy = false;
        showCommandError('Search failed', err);
      },
    );
  };
  pick.onDidChangeValue((value) => {
    clearTimeout(timer);
    timer = setTimeout(() => run(value), QUERY_DEBOUNCE_MS);
  });
  pick.onDidAccept(() => {
    const [item] = pick.selectedItems;
    if (!item) return;
    pick.hide();
    void openHit(item.hit);
  });
  pick.onDidHide(() => {
    clearTimeout(timer);
    inFlight?.cancel();
    pick.dispose();
  });
  pick.show();
  if (pick.value) run(pick.value);
}

function toItem(hit: SearchHit): HitItem {
  const location = `${vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length > 1 ? `${hit.folderName}/` : ''}${hit.path}:${hit.startLine}`;
  return {
    label: `$(${KIND_ICONS[hit.kind] ?? 'symbol-misc'}) ${hit.qualifiedName || hit.name || hit.path}`,
    // A team hit whose file is not on this disk opens a read-only preview from the server.
    description: hit.uri.startsWith(`${TEAM_FILE_SCHEME}:`) ? `$(cloud) ${location} (team)` : location,
    detail: hit.signature || firstCodeLine(hit.content),
    alwaysShow: true,
    hit,
  };
}

/** Opens the file with the cursor on the first line of the hit and the whole hit in view. */
export async function openHit(hit: SearchHit): Promise<void> {
  const start = new vscode.Position(hit.startLine - 1, 0);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(hit.uri), { selection: new vscode.Range(start, start), preview: false });
  editor.revealRange(new vscode.Range(start, new vscode.Position(hit.endLine - 1, 0)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** A short selection is what the user wants to look up. */
function initialQuery(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty || !editor.selection.isSingleLine) return '';
  return editor.document.getText(editor.selection).trim().slice(0, 200);
}

function firstCodeLine(content: string): string {
  return content.split('\n').map((l) => l.trim()).find((l) => l.length > 0)?.slice(0, 160) ?? '';
}
