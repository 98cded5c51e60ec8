import type * as vscode from 'vscode';
import type { BasketItem } from '../../protocol/webview';

const KEY = 'mobius.panel.basket';

/**
 * The basket of the workspace, shared by the activity-bar view and the editor tab and kept in
 * workspaceState, so it survives closing the panels and reloading the window.
 */
export class BasketStore {
  constructor(private readonly state: vscode.Memento) {}

  get items(): BasketItem[] {
    const saved = this.state.get<unknown>(KEY);
    return Array.isArray(saved) ? (saved as BasketItem[]) : [];
  }

  async set(items: readonly BasketItem[]): Promise<void> {
    await this.state.update(KEY, items);
  }
}
