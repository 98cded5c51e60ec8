import * as vscode from 'vscode';
import type { IndexState } from '../protocol/lsp';
import { COMMANDS } from './commandIds';
import type { DaemonClient } from './daemonClient';

const number = new Intl.NumberFormat('en-US');

/** Text, tooltip and accessible label of the status item for one index state. */
export function describeState(state: IndexState | null): StatusItemView {
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

/** What a status item shows for a daemon state; null hides it. */
export interface StatusItemView {
  text: string;
  label: string;
  tooltip: string;
}

export interface StatusItemSpec {
  id: string;
  name: string;
  priority: number;
  command: string;
  describe(state: IndexState | null): StatusItemView | null;
}

/** A status bar item that follows the daemon's state (`mobius/indexChanged`). */
export class DaemonStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(daemon: DaemonClient, private readonly spec: StatusItemSpec) {
    this.item = vscode.window.createStatusBarItem(spec.id, vscode.StatusBarAlignment.Left, spec.priority);
    this.item.name = spec.name;
    this.item.command = spec.command;
    this.render(daemon.state);
    this.subscription = daemon.onDidChangeState((state) => this.render(state));
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private render(state: IndexState | null): void {
    const view = this.spec.describe(state);
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.accessibilityInformation = { label: view.label };
    this.item.show();
  }
}

/** The index item: indexing progress (files done/total), then the chunk count; a click shows the status. */
export function indexStatusItem(daemon: DaemonClient): DaemonStatusItem {
  return new DaemonStatusItem(daemon, { id: 'index', name: 'Mobius Index', priority: 10, command: COMMANDS.showStatus, describe: describeState });
}
