// The search panel: a webview in the Mobius activity-bar view and, on demand, in an editor tab.
// Both show the same page (webview/) and share one controller, so they share the basket.
import * as vscode from 'vscode';
import type { DaemonClient } from '../daemonClient';
import { PanelController, type PanelSurface } from './panelController';
import { panelHtml, panelWebviewOptions } from './panelHtml';

/** Ids as contributed in package.json. */
export const SEARCH_PANEL_IDS = {
  view: 'mobius.searchView',
  editorType: 'mobius.searchEditor',
  openInEditorCommand: 'mobius.openSearchEditor',
  addSelectionCommand: 'mobius.addSelectionToBasket',
} as const;

const TITLE = 'Mobius Search';

export interface ShowOptions {
  /** Search for this at once; by default the editor's selection when it is a single line. */
  query?: string;
  /** Show the editor tab instead of the activity-bar view. */
  inEditor?: boolean;
}

export interface SearchPanel extends vscode.Disposable {
  /** Shows the panel with its search box focused. */
  show(options?: ShowOptions): Promise<void>;
}

/**
 * Registers the activity-bar view, the editor tab (restored across reloads) and the panel's own
 * commands. The caller binds `Mobius: Search Code` to `show()`.
 */
export function registerSearchPanel(context: vscode.ExtensionContext, daemon: DaemonClient): SearchPanel {
  const controller = new PanelController(context.workspaceState, daemon);
  const { extensionUri } = context;
  let viewSurface: PanelSurface | undefined;
  let pendingViewQuery: string | undefined;
  let editor: { panel: vscode.WebviewPanel; surface: PanelSurface } | undefined;

  const adoptEditor = (panel: vscode.WebviewPanel, query?: string): void => {
    panel.webview.options = panelWebviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, TITLE);
    const surface: PanelSurface = {
      webview: panel.webview,
      isVisible: () => panel.visible,
      openColumn: () => panel.viewColumn ?? vscode.ViewColumn.Active,
    };
    editor = { panel, surface };
    controller.attach(surface, panel.onDidDispose, query);
    panel.onDidDispose(() => {
      if (editor?.panel === panel) editor = undefined;
    });
  };

  const showView = async (query: string | undefined): Promise<void> => {
    if (viewSurface) controller.focusSearch(viewSurface, query);
    else pendingViewQuery = query;
    await vscode.commands.executeCommand(`${SEARCH_PANEL_IDS.view}.focus`);
  };

  const showEditor = (query: string | undefined): void => {
    if (editor) {
      editor.panel.reveal();
      controller.focusSearch(editor.surface, query);
      return;
    }
    const panel = vscode.window.createWebviewPanel(SEARCH_PANEL_IDS.editorType, TITLE, vscode.ViewColumn.Active, panelWebviewOptions(extensionUri));
    adoptEditor(panel, query);
  };

  const show = async (options: ShowOptions = {}): Promise<void> => {
    const query = options.query ?? selectedQuery();
    if (options.inEditor) showEditor(query);
    else await showView(query);
  };

  const disposables: vscode.Disposable[] = [
    controller,
    vscode.window.registerWebviewViewProvider(SEARCH_PANEL_IDS.view, {
      resolveWebviewView(view) {
        view.webview.options = panelWebviewOptions(extensionUri);
        view.webview.html = panelHtml(view.webview, extensionUri, TITLE);
        const surface: PanelSurface = {
          webview: view.webview,
          isVisible: () => view.visible,
          // The view lives in the side bar: results open in the editor group the user was in.
          openColumn: () => vscode.ViewColumn.Active,
        };
        viewSurface = surface;
        controller.attach(surface, view.onDidDispose, pendingViewQuery);
        pendingViewQuery = undefined;
        view.onDidDispose(() => {
          if (viewSurface === surface) viewSurface = undefined;
        });
      },
    }),
    vscode.window.registerWebviewPanelSerializer(SEARCH_PANEL_IDS.editorType, {
      async deserializeWebviewPanel(panel) {
        adoptEditor(panel);
      },
    }),
    vscode.commands.registerCommand(SEARCH_PANEL_IDS.openInEditorCommand, () => show({ inEditor: true })),
    vscode.commands.registerCommand(SEARCH_PANEL_IDS.addSelectionCommand, async () => {
      const outcome = controller.addSelection();
      if (outcome === 'queued') await showView(undefined);
      else if (outcome !== 'added') void vscode.window.showInformationMessage(`Mobius: ${outcome}`);
    }),
  ];

  return {
    show,
    dispose: () => {
      for (const d of disposables) d.dispose();
    },
  };
}

/** A short single-line selection is what the user wants to look up. */
function selectedQuery(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty || !editor.selection.isSingleLine) return undefined;
  return editor.document.getText(editor.selection).trim().slice(0, 200) || undefined;
}
