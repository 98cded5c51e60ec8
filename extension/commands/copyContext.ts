import * as vscode from 'vscode';
import { ContextRequest, type ContextParams, type ContextResult } from '../../protocol/lsp';
import { COMMANDS } from '../commandIds';
import { readSettings } from '../config';
import type { DaemonClient } from '../daemonClient';
import { showCommandError } from './commandErrors';

const number = new Intl.NumberFormat('en-US');

export function registerCopyContext(daemon: DaemonClient): vscode.Disposable[] {
  let lastQuery = '';
  return [
    vscode.commands.registerCommand(COMMANDS.copyContextForPrompt, async () => {
      const query = await vscode.window.showInputBox({
        title: 'Mobius: Copy Context for Prompt',
        prompt: 'What is the prompt about? The most related code is packed into the token budget and copied.',
        placeHolder: 'e.g. how are sessions refreshed',
        value: selectedText() || lastQuery,
        ignoreFocusOut: true,
      });
      if (!query?.trim()) return;
      lastQuery = query;
      await copyContext(daemon, { query, budget: budget() }, `"${query}"`);
    }),
    vscode.commands.registerCommand(COMMANDS.copyContextForSelection, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.uri.scheme !== 'file') {
        void vscode.window.showWarningMessage('Mobius: open a file of the workspace and select code to pack the context around it.');
        return;
      }
      const { start, end } = editor.selection;
      // A selection ending at column 0 does not include that line.
      const endLine = end.line > start.line && end.character === 0 ? end.line : end.line + 1;
      const params: ContextParams = { uri: editor.document.uri.toString(), startLine: start.line + 1, endLine, budget: budget(editor.document.uri) };
      await copyContext(daemon, params, `${vscode.workspace.asRelativePath(editor.document.uri)}:${start.line + 1}-${endLine}`);
    }),
  ];
}

async function copyContext(daemon: DaemonClient, params: ContextParams, subject: string): Promise<void> {
  let pack: ContextResult;
  try {
    pack = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Mobius: packing context' },
      (_, token) => daemon.request(ContextRequest.type, params, token),
    );
  } catch (err) {
    showCommandError(`Could not pack context for ${subject}`, err);
    return;
  }
  if (pack.chunks === 0) {
    // Leave the clipboard alone: an empty pack would silently replace what the user had there.
    void vscode.window.showWarningMessage(`Mobius: no indexed code matches ${subject}; the clipboard is unchanged.`);
    return;
  }
  await vscode.env.clipboard.writeText(pack.markdown);
  void vscode.window.showInformationMessage(
    `Mobius: copied ${pack.chunks} ${pack.chunks === 1 ? 'chunk' : 'chunks'} (${number.format(pack.tokens)} of ${number.format(pack.budget)} tokens) for ${subject}.`,
  );
}

function budget(scope?: vscode.Uri): number {
  return readSettings(scope).tokenBudget;
}

function selectedText(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty || !editor.selection.isSingleLine) return '';
  return editor.document.getText(editor.selection).trim().slice(0, 200);
}
