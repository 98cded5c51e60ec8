// What the panel asks of the editor: open a location, read lines around a chunk, take the selection.
import * as vscode from 'vscode';
import { basketKey, type BasketItem } from '../../protocol/webview';
import { languageOfDocument } from './languageOfDocument';

export interface OpenTarget {
  uri: string;
  startLine: number;
  endLine: number;
}

/**
 * Opens a file with the cursor on the target's first line and the whole target in view, in a
 * preview tab as VS Code's own search does. `column` is the group to open in.
 */
export async function openLocation(target: OpenTarget, column: vscode.ViewColumn): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const last = Math.max(0, document.lineCount - 1);
  const start = new vscode.Position(Math.min(target.startLine - 1, last), 0);
  const end = new vscode.Position(Math.min(target.endLine - 1, last), 0);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(start, start), preview: true });
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Lines startLine-around..endLine+around of the file as the editor has it (unsaved edits included). */
export async function readLinesAround(target: OpenTarget, around: number): Promise<{ firstLine: number; lines: string[] }> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const firstLine = Math.max(1, target.startLine - around);
  const lastLine = Math.min(document.lineCount, target.endLine + around);
  const lines: string[] = [];
  for (let line = firstLine; line <= lastLine; line++) lines.push(document.lineAt(line - 1).text);
  return { firstLine, lines };
}

/** The editor's selection as a basket item, or a message saying why there is none. */
export function selectionItem(editor: vscode.TextEditor | undefined): BasketItem | string {
  if (!editor) return 'Open a file and select code first: the selection is what gets added.';
  const { document, selection } = editor;
  if (document.uri.scheme !== 'file') return 'Only files of the workspace can go in the basket.';
  if (selection.isEmpty) return 'Select code in the editor first: the selection is what gets added.';
  const startLine = selection.start.line + 1;
  // A selection that ends at the start of a line does not include that line.
  const endLine = selection.end.line > selection.start.line && selection.end.character === 0 ? selection.end.line : selection.end.line + 1;
  const uri = document.uri.toString();
  const path = vscode.workspace.asRelativePath(document.uri, false);
  return {
    key: basketKey(uri, startLine, endLine),
    uri,
    path,
    startLine,
    endLine,
    language: languageOfDocument(document.languageId),
    label: `Selection in ${path.slice(path.lastIndexOf('/') + 1)}`,
    kind: 'selection',
  };
}
