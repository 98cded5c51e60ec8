import type { SearchHit } from '../../protocol/lsp';
import { basketKey, type BasketItem, type BasketMeasuredMessage } from '../../protocol/webview';

export function basketItemOfHit(hit: SearchHit): BasketItem {
  return {
    key: basketKey(hit.uri, hit.startLine, hit.endLine),
    uri: hit.uri,
    path: hit.path,
    startLine: hit.startLine,
    endLine: hit.endLine,
    language: hit.language,
    label: hit.qualifiedName || hit.name || hit.path,
    kind: hit.kind,
  };
}

export interface AddOutcome {
  items: BasketItem[];
  /** Items appended (an item that swallows smaller spans of the same file counts once). */
  added: number;
  /** Items not added because a span of the same file in the basket already covers them. */
  alreadyIn: number;
}

/**
 * Appends spans to the basket in order. A span already covered by one in the basket is skipped;
 * a span that covers spans in the basket replaces them (adding a class after one of its methods).
 */
export function addToBasket(items: readonly BasketItem[], incoming: readonly BasketItem[]): AddOutcome {
  let next = [...items];
  let added = 0;
  let alreadyIn = 0;
  for (const item of incoming) {
    if (next.some((held) => covers(held, item))) {
      alreadyIn++;
      continue;
    }
    next = next.filter((held) => !covers(item, held));
    next.push(item);
    added++;
  }
  return { items: next, added, alreadyIn };
}

export function removeFromBasket(items: readonly BasketItem[], key: string): BasketItem[] {
  return items.filter((item) => item.key !== key);
}

/** The basket item holding a span (itself, or a larger span of the same file around it). */
export function holderOf(items: readonly BasketItem[], span: BasketItem): BasketItem | undefined {
  return items.find((held) => held.key === span.key) ?? items.find((held) => covers(held, span));
}

function covers(outer: BasketItem, inner: BasketItem): boolean {
  return outer.uri === inner.uri && outer.startLine <= inner.startLine && inner.endLine <= outer.endLine;
}

/** Stores the daemon's per-item counts on the items they belong to. */
export function applyMeasurement(items: readonly BasketItem[], measured: BasketMeasuredMessage): BasketItem[] {
  return items.map((item) => {
    const tokens = measured.itemTokens[item.key];
    return tokens === undefined || tokens === item.tokens ? item : { ...item, tokens };
  });
}

export type BudgetLevel = 'empty' | 'ok' | 'near' | 'over';

export interface TokenSummary {
  tokens: number;
  /** True when `tokens` is the daemon's count of exactly this basket packed; otherwise the sum of the items' own counts. */
  exact: boolean;
  /** Items whose tokens are not counted yet. */
  unmeasured: number;
  budget: number;
  level: BudgetLevel;
  /** Keys of items that did not fit in the budget when packed. */
  omitted: ReadonlySet<string>;
}

/** Share of the budget from which the count is shown as a warning. */
const NEAR_BUDGET = 0.9;

export function tokenSummary(items: readonly BasketItem[], measured: BasketMeasuredMessage | null, budget: number): TokenSummary {
  const exact = measured !== null && sameKeys(items, measured.keys);
  const tokens = exact ? measured.packedTokens : items.reduce((sum, item) => sum + (item.tokens ?? 0), 0);
  const omitted = new Set(exact ? measured.omitted : []);
  let level: BudgetLevel = 'ok';
  if (items.length === 0) level = 'empty';
  else if (omitted.size > 0 || tokens > budget) level = 'over';
  else if (tokens >= budget * NEAR_BUDGET) level = 'near';
  return { tokens, exact, unmeasured: items.filter((item) => item.tokens === undefined).length, budget, level, omitted };
}

export function sameKeys(items: readonly BasketItem[], keys: readonly string[]): boolean {
  return items.length === keys.length && items.every((item, i) => item.key === keys[i]);
}
