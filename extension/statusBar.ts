import * as vscode from 'vscode';
import type { IndexState } from '../protocol/lsp';
import { COMMANDS } from './commandIds';
import type { DaemonClient } from './daemonClient';

const number = new Intl.NumberFormat('en-US');

/** Text, tooltip and accessible label of the status item for one index state. */
export function describeState(state: IndexState | null): { text: string; label: string; tooltip: string } {
  if (!state) return { text: '$(circle-slash) Mobius', label: 'Mobius index: daemon not running', tooltip: 'The Mobius daemon is not running. Click for status.' };
  const folderLines = state.folders.map((f) => {
    const progress = f.phase === 'indexing' ? ` ${number.format(f.filesDone)}/${number.format(f.filesTotal)} files` : '';
    return `${f.name}: ${f.phase}${progress}, ${number.format(f.chunks)} chunks${f.error ? ` (${f.error})` : ''}`;
  });
  const tooltip = ['Mobius index (click for status)', ...folderLines].join('\n');
  const failed = state.folders.some((f) => f.phase === 'failed');
  switch (state.phase) {
    case 'starting':
      return { text: '$(sync~spin) Mobius', label: 'Mobius index: starting', tooltip };
    case 'indexing': {
      if (state.filesTotal === 0) return { text: '$(sync~spin) Mobius scanning', label: 'Mobius index: scanning files', tooltip };
      return {
        text: `$(sync~spin) Mobius ${number.format(state.filesDone)}/${number.format(state.filesTotal)}`,
        label: `Mobius index: indexing ${state.filesDone}/${state.filesTotal} files`,
        tooltip,
      };
    }
    case 'paused':
      return { text: '$(debug-pause) Mobius paused', label: `Mobius index: paused at ${state.chunks} chunks`, tooltip };
    case 'failed':
      return { text: '$(error) Mobius', label: 'Mobius index: failed', tooltip };
    case 'ready':
      return {
        text: `${failed ? '$(warning)' : '$(database)'} Mobius ${number.format(state.chunks)} chunks`,
        label: `Mobius index: ready, ${state.chunks} chunks`,
        tooltip,
      };
  }
}

/** The status item: indexing progress (files done/total), then the chunk count; a click shows the status. */
export class IndexStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('index', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(daemon: DaemonClient) {
    this.item.name = 'Mobius Index';
    this.item.command = COMMANDS.showStatus;
    this.render(daemon.state);
    this.item.show();
    this.subscription = daemon.onDidChangeState((state) => this.render(state));
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private render(state: IndexState | null): void {
    const { text, label, tooltip } = describeState(state);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label };
  }
}
