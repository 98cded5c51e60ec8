import type { Database, Statement } from 'better-sqlite3';
import picomatch from 'picomatch';
import type { SearchOptions, SearchResult } from '../../../protocol/engine';
import { CHUNK_COLUMNS, rowToResult, type ChunkRow } from '../index/indexStore';
import { FILTER_SQL, filterParameters } from './filters';
import { buildFtsAllWordsQuery, buildFtsQuery, identifierCandidates } from './terms';

export const DEFAULT_LIMIT = 10;
/** Candidates read from FTS per result wanted, so the exact-name boost has room to reorder. */
const CANDIDATE_FACTOR = 4;
/**
 * bm25 column weights: name, signature, doc, path, body.
 * Names and signatures say what a chunk IS; docs say what it does; a body mentions everything.
 */
export const BM25_WEIGHTS: readonly number[] = [10, 5, 3, 2, 1];

/**
 * BM25 over identifier-aware terms (FTS5), filtered before ranking, with the definition of an
 * identifier named in the query ranked first.
 */
export class KeywordSearch {
  private readonly byName: Statement;
  private readonly ranked: Statement;
  private readonly rankedFiltered: Statement;
  private readonly rows: Statement;
  private readonly docFrequency: Statement;
  private readonly chunkCount: Statement;
  private globCache = new Map<string, (path: string) => boolean>();

  constructor(db: Database, weights: readonly number[] = BM25_WEIGHTS) {
    db.function('mobius_glob', { deterministic: true }, (glob: unknown, path: unknown) =>
      this.matcher(String(glob))(String(path)) ? 1 : 0,
    );
    const bm25 = `bm25(chunks_fts, ${weights.join(', ')})`;
    // Ranking reads only the FTS index (and, with filters, the chunk's own row): joining chunk
    // text for every match before the LIMIT made a query ten times slower.
    this.ranked = db.prepare(`SELECT rowid AS id, ${bm25} AS rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?`);
    this.rankedFiltered = db.prepare(
      `SELECT c.id AS id, ${bm25} AS rank FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
       WHERE chunks_fts MATCH ? AND ${FILTER_SQL} ORDER BY rank LIMIT ?`,
    );
    db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_fts_vocab USING fts5vocab(main, chunks_fts, row)');
    this.docFrequency = db.prepare('SELECT doc FROM temp.chunks_fts_vocab WHERE term = ?').pluck();
    this.chunkCount = db.prepare('SELECT coalesce(max(id), 0) FROM chunks').pluck();
    this.rows = db.prepare(`SELECT ${CHUNK_COLUMNS} FROM chunks c JOIN contents t ON t.hash = c.hash WHERE c.id IN (SELECT value FROM json_each(?))`);
    // Two index lookups: an OR of the two columns would scan the whole table.
    this.byName = db.prepare(
      `SELECT ${CHUNK_COLUMNS} FROM chunks c JOIN contents t ON t.hash = c.hash
       WHERE c.id IN (SELECT id FROM chunks WHERE name = ? COLLATE NOCASE UNION ALL SELECT id FROM chunks WHERE qualified_name = ? COLLATE NOCASE)
       AND ${FILTER_SQL}
       LIMIT 50`,
    );
  }

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIMIT, 1000));
    const commonAt = Math.max(COMMON_MIN_CHUNKS, (this.chunkCount.get() as number) * COMMON_SHARE);
    const anyWord = buildFtsQuery(query, { docFrequency: (term) => (this.docFrequency.get(term) as number | undefined) ?? 0, commonAt });
    if (!anyWord) return [];
    const filters = filterParameters(options);
    const hasFilters = filters.some((f) => f !== null);
    const rank = (match: string): { id: number; rank: number }[] =>
      (hasFilters ? this.rankedFiltered.all(match, ...filters, limit * CANDIDATE_FACTOR) : this.ranked.all(match, limit * CANDIDATE_FACTOR)) as { id: number; rank: number }[];
    // Chunks holding every word are the best answers and few, so they rank fast; only when
    // there are too few of them does the query widen to any word.
    const allWords = buildFtsAllWordsQuery(query);
    let hits = allWords ? rank(allWords) : [];
    if (hits.length < limit) hits = rank(anyWord);

    const byId = new Map((this.rows.all(JSON.stringify(hits.map((h) => h.id))) as ChunkRow[]).map((row) => [row.id, row]));
    const bm25 = new Map(hits.map((h) => [h.id, -h.rank]));
    const scored = new Map<number, { row: ChunkRow; score: number }>();
    for (const hit of hits) {
      const row = byId.get(hit.id);
      if (row) scored.set(row.id, { row, score: -hit.rank });
    }
    const top = hits.length ? -hits[0].rank : 0;
    // An identifier the user typed exactly is almost always a request for its definition;
    // `Owner member` or `Owner.member` asks for that member above the owner itself.
    const identifiers = identifierCandidates(query);
    const qualified = new Set([...identifiers.filter((id) => id.includes('.')), ...adjacentPairs(identifiers, query)]);
    for (const identifier of new Set([...identifiers, ...qualified])) {
      for (const row of this.byName.all(identifier, identifier, ...filters) as ChunkRow[]) {
        const bonus = definitionBonus(row.kind) + (qualified.has(identifier) ? QUALIFIED_BONUS : 0);
        scored.set(row.id, { row, score: Math.max(scored.get(row.id)?.score ?? 0, top + (bm25.get(row.id) ?? 0) + bonus) });
      }
    }
    return [...scored.values()]
      .sort((a, b) => b.score - a.score || a.row.path.localeCompare(b.row.path) || a.row.start_line - b.row.start_line)
      .slice(0, limit)
      .map(({ row, score }) => rowToResult(row, score));
  }

  private matcher(glob: string): (path: string) => boolean {
    let m = this.globCache.get(glob);
    if (!m) {
      m = picomatch(glob, { dot: true });
      if (this.globCache.size > 100) this.globCache.clear();
      this.globCache.set(glob, m);
    }
    return m;
  }
}

const QUALIFIED_BONUS = 10;

/** A term found in more than this share of chunks (and at least COMMON_MIN_CHUNKS) is left out of an any-word query. */
const COMMON_SHARE = 0.05;
const COMMON_MIN_CHUNKS = 500;


/** `LRUCache Get` → `LRUCache.Get`: consecutive words of the query joined as a qualified name. */
function adjacentPairs(identifiers: string[], query: string): string[] {
  if (identifiers.length === 0) return [];
  const words = query.split(/\s+/).filter((w) => /^[A-Za-z_$][\w$]*$/.test(w));
  const pairs: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) pairs.push(`${words[i]}.${words[i + 1]}`);
  return pairs;
}

/** A definition outranks a module block or a window that merely shares its name. */
function definitionBonus(kind: string): number {
  return kind === 'module' || kind === 'block' || kind === 'section' ? 1 : 10;
}

