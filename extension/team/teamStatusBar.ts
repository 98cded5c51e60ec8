import * as vscode from 'vscode';
import type { IndexState } from '../../protocol/lsp';
import { COMMANDS } from '../commandIds';
import type { DaemonClient } from '../daemonClient';
import { describeTeamState } from './teamState';

/** A status item shown while any folder is connected to a team server. */
export class TeamStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('team', vscode.StatusBarAlignment.Left, 9);
  private readonly subscription: vscode.Disposable;

  constructor(daemon: DaemonClient) {
    this.item.name = 'Mobius Team Sync';
    this.item.command = COMMANDS.teamSyncNow;
    this.render(daemon.state);
    this.subscription = daemon.onDidChangeState((state) => this.render(state));
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private render(state: IndexState | null): void {
    const described = describeTeamState(state);
    if (!described) {
      this.item.hide();
      return;
    }
    this.item.text = described.text;
    this.item.tooltip = described.tooltip;
    this.item.accessibilityInformation = { label: described.text.replace(/\$\([^)]+\)\s*/g, 'Mobius ') };
    this.item.show();
  }
}
