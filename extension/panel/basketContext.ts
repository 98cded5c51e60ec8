// The basket's context, packed by the daemon with the same packer and renderer as every other
// context (the CLI's `context`, "Copy Context for Prompt"): one renderer, one token count.
import * as vscode from 'vscode';
import { ContextRequest, type ContextResult } from '../../protocol/lsp';
import type { BasketItem, BasketMeasuredMessage } from '../../protocol/webview';
import type { DaemonClient } from '../daemonClient';

/** Budget for measuring one item alone: large enough that nothing is left out. */
const UNBOUNDED_BUDGET = 1_000_000;

export class BasketContext implements vscode.Disposable {
  /** Tokens of items alone, by key; dropped when their file changes. */
  private readonly itemTokens = new Map<string, number>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly daemon: DaemonClient) {
    this.subscription = vscode.workspace.onDidChangeTextDocument(({ document }) => {
      const prefix = `${document.uri.toString()}#`;
      for (const key of this.itemTokens.keys()) if (key.startsWith(prefix)) this.itemTokens.delete(key);
    });
  }

  /** Packs the items in basket order into the budget: what "Copy context" puts on the clipboard. */
  pack(items: readonly BasketItem[], budget: number, token?: vscode.CancellationToken): Promise<ContextResult> {
    const spans = items.map(({ uri, startLine, endLine }) => ({ uri, startLine, endLine }));
    return this.daemon.request(ContextRequest.type, { spans, budget }, token);
  }

  /** Each item's own tokens, and the tokens and left-out items of the whole basket packed. */
  async measure(items: readonly BasketItem[], budget: number, token?: vscode.CancellationToken): Promise<BasketMeasuredMessage> {
    for (const item of items) {
      if (this.itemTokens.has(item.key)) continue;
      const alone = await this.pack([item], UNBOUNDED_BUDGET, token);
      this.itemTokens.set(item.key, alone.tokens);
    }
    const packed = items.length > 0 ? await this.pack(items, budget, token) : null;
    const itemTokens: Record<string, number> = {};
    for (const item of items) itemTokens[item.key] = this.itemTokens.get(item.key) ?? 0;
    return {
      type: 'basketMeasured',
      keys: items.map((item) => item.key),
      itemTokens,
      packedTokens: packed?.tokens ?? 0,
      omitted: packed ? omittedKeys(items, packed) : [],
    };
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Items with no line in any span of the pack: they did not fit in the budget. */
function omittedKeys(items: readonly BasketItem[], pack: ContextResult): string[] {
  // The daemon and VS Code may escape the same URI differently: compare them parsed.
  const uris = pack.uris.map(normalizeUri);
  return items
    .filter((item) => {
      const uri = normalizeUri(item.uri);
      return !pack.spans.some((span, i) => uris[i] === uri && span.startLine <= item.endLine && item.startLine <= span.endLine);
    })
    .map((item) => item.key);
}

function normalizeUri(uri: string): string {
  return vscode.Uri.parse(uri).toString();
}
