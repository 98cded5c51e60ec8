import * as vscode from 'vscode';

/** The message of an error, never its stack: the daemon's errors say what failed and what to do. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One error notification per failed command: what failed and the daemon's own explanation. */
export function showCommandError(what: string, err: unknown): void {
  void vscode.window.showErrorMessage(`Mobius: ${what}. ${errorMessage(err)}`);
}
