import * as vscode from 'vscode';

/** One error notification per failed command: what failed and the daemon's own explanation. */
export function showCommandError(what: string, err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err);
  void vscode.window.showErrorMessage(`Mobius: ${what}. ${detail}`);
}
