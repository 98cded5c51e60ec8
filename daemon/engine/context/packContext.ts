// Packs the best chunks into a token budget as prompt-ready Markdown.
import type { SearchResult } from '../../../protocol/engine';
import { renderContextMarkdown, renderSection, type ContextSection, type PackedContext } from '../../../protocol/context';
import { countTokens } from './tokens';

/** What packing needs of a ranked search hit (a SearchResult or a Chunk has it). */
export type ContextCandidate = Pick<SearchResult, 'path' | 'language' | 'startLine' | 'endLine' | 'content'>;

interface Ranked {
  chunk: ContextCandidate;
  rank: number;
  /** The chunk's lines when its content is exactly lines startLine..endLine, else null (e.g. a summary chunk). */
  lines: string[] | null;
}

/**
 * Takes candidates best-first while the rendered Markdown fits `budget` tokens; a candidate that
 * does not fit is skipped, and a smaller later one may still fit. Overlapping or adjacent ranges of
 * a file merge into one span, rebuilt from the chunks' lines. Files appear in the order of their
 * best chunk, spans within a file by line. The result's `tokens` is the exact count of its
 * `markdown` and never exceeds the budget.
 */
export function packContext(candidates: readonly ContextCandidate[], budget: number): PackedContext {
  if (!Number.isInteger(budget) || budget < 1) {
    throw new RangeError(`The context budget must be a positive whole number of tokens, got ${budget}.`);
  }
  const counter = new SectionTokenCounter();
  const byFile = new Map<string, Ranked[]>();
  const fileTokens = new Map<string, number>();
  let estimate = 0;
  candidates.forEach((chunk, rank) => {
    const ranked = toRanked(chunk, rank);
    const trial = [...(byFile.get(chunk.path) ?? []), ranked];
    const tokens = counter.count(fileSections(trial));
    const next = estimate - (fileTokens.get(chunk.path) ?? 0) + tokens;
    if (next > budget) return;
    byFile.set(chunk.path, trial);
    fileTokens.set(chunk.path, tokens);
    estimate = next;
  });

  // Sections were counted one by one; tokens can merge across their joins, so check the whole and
  // give back the worst-ranked chunks in the rare case it is over.
  for (;;) {
    const spans = orderedSections(byFile);
    const markdown = renderContextMarkdown(spans);
    const tokens = countTokens(markdown);
    if (tokens <= budget) return { markdown, tokens, budget, spans };
    dropWorstRanked(byFile);
  }
}

function toRanked(chunk: ContextCandidate, rank: number): Ranked {
  const { path, startLine, endLine, content } = chunk;
  if (typeof path !== 'string' || path === '' || typeof content !== 'string') {
    throw new TypeError(`Context candidate ${rank} has no path or content (got path ${JSON.stringify(path)}).`);
  }
  if (!Number.isInteger(startLine) || !Number.isInteger(endLine) || startLine < 1 || endLine < startLine) {
    throw new RangeError(`Context candidate ${rank} (${path}) has an invalid line range ${startLine}-${endLine}: lines are 1-based and inclusive.`);
  }
  const lines = content.split(/\r?\n/);
  const expected = endLine - startLine + 1;
  if (lines.length === expected + 1 && lines[lines.length - 1] === '') lines.pop();
  return { chunk, rank, lines: lines.length === expected ? lines : null };
}

/** A file's spans: literal chunks merged where they overlap or touch, other chunks as they are. */
function fileSections(chunks: readonly Ranked[]): ContextSection[] {
  const sections: ContextSection[] = [];
  const literal = chunks.filter((c) => c.lines !== null).sort((a, b) => a.chunk.startLine - b.chunk.startLine);
  let group: Ranked[] = [];
  let groupEnd = 0;
  for (const ranked of literal) {
    if (group.length > 0 && ranked.chunk.startLine > groupEnd + 1) {
      sections.push(mergeGroup(group));
      group = [];
    }
    group.push(ranked);
    groupEnd = group.length === 1 ? ranked.chunk.endLine : Math.max(groupEnd, ranked.chunk.endLine);
  }
  if (group.length > 0) sections.push(mergeGroup(group));

  const seen = new Set<string>();
  for (const { chunk, lines } of chunks) {
    const key = `${chunk.startLine}:${chunk.endLine}:${chunk.content}`;
    if (lines !== null || seen.has(key)) continue;
    seen.add(key);
    sections.push({ path: chunk.path, language: chunk.language, startLine: chunk.startLine, endLine: chunk.endLine, content: chunk.content });
  }
  return sections.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
}

/** One span from chunks covering a contiguous range; where they disagree, the better-ranked chunk's line wins. */
function mergeGroup(group: readonly Ranked[]): ContextSection {
  const startLine = Math.min(...group.map((r) => r.chunk.startLine));
  const endLine = Math.max(...group.map((r) => r.chunk.endLine));
  const lines = new Array<string | undefined>(endLine - startLine + 1);
  for (const { chunk, lines: chunkLines } of [...group].sort((a, b) => a.rank - b.rank)) {
    chunkLines!.forEach((line, i) => {
      lines[chunk.startLine - startLine + i] ??= line;
    });
  }
  const best = group.reduce((a, b) => (b.rank < a.rank ? b : a));
  return { path: best.chunk.path, language: best.chunk.language, startLine, endLine, content: lines.join('\n') };
}

function orderedSections(byFile: Map<string, Ranked[]>): ContextSection[] {
  const bestRank = (chunks: Ranked[]) => Math.min(...chunks.map((c) => c.rank));
  return [...byFile.values()].sort((a, b) => bestRank(a) - bestRank(b)).flatMap(fileSections);
}

function dropWorstRanked(byFile: Map<string, Ranked[]>): void {
  let worst: Ranked | null = null;
  for (const chunks of byFile.values()) for (const c of chunks) if (!worst || c.rank > worst.rank) worst = c;
  if (!worst) return;
  const path = worst.chunk.path;
  const rest = byFile.get(path)!.filter((c) => c !== worst);
  if (rest.length > 0) byFile.set(path, rest);
  else byFile.delete(path);
}

/** Counts rendered sections, remembering each, since a file's unchanged spans are re-counted as chunks join it. */
class SectionTokenCounter {
  private readonly cache = new Map<string, number>();

  count(sections: readonly ContextSection[]): number {
    let total = 0;
    for (const section of sections) {
      const text = renderSection(section);
      let tokens = this.cache.get(text);
      if (tokens === undefined) {
        tokens = countTokens(text);
        this.cache.set(text, tokens);
      }
      total += tokens;
    }
    return total;
  }
}
