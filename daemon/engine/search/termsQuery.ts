// Turns what a user types into a safe FTS5 MATCH expression over the terms of termsAnalyzer.
import { primaryTerm, runTerms, wordRuns } from './termsAnalyzer';

/** Bounds the work of one query (each term is an index lookup). */
const MAX_QUERY_RUNS = 16;
/** Terms apart that still count as "together" in the analyzed text (which holds ~2-3 terms per word). */
const NEAR_DISTANCE = 24;

/** Question words and glue: they match almost every chunk, so they only slow the query down. */
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'can', 'do', 'does', 'for', 'from', 'how', 'i',
  'in', 'is', 'it', 'its', 'of', 'on', 'or', 'should', 'that', 'the', 'this', 'to', 'was', 'we',
  'were', 'what', 'when', 'where', 'which', 'who', 'why', 'with',
]);

/**
 * An FTS5 expression matching only chunks that contain every content word of the query (each by
 * its primary term: the whole identifier, or a plain word's stem). It matches far fewer chunks
 * than buildFtsQuery, so ranking it is fast; when it finds enough, those are the best answers.
 * Returns null when the query has no searchable word.
 */
export function buildFtsAllWordsQuery(query: string): string | null {
  const runs = wordRuns(query).slice(0, MAX_QUERY_RUNS);
  const content = runs.filter((run) => !STOP_WORDS.has(run.toLowerCase()));
  const searched = content.length > 0 ? content : runs;
  if (searched.length === 0) return null;
  return [...new Set(searched.map((run) => quote(run.includes('-') ? run.replace(/-/g, '_').toLowerCase() : primaryTerm(run))))].join(' AND ');
}

/**
 * An FTS5 expression matching chunks that contain any of the query's terms, so partial matches
 * still rank. BM25 sums over the expression's phrases, so chunks with more of the terms rank
 * higher, and the extra phrases favour chunks that have them all: the words joined as one
 * identifier (`parse config` -> parseconfig, parse_config) and all of them close together.
 * Every term is quoted, so nothing the user types is read as FTS5 syntax.
 * Returns null when the query has no searchable word.
 */
export function buildFtsQuery(query: string, stats?: TermStats): string | null {
  const runs = wordRuns(query).slice(0, MAX_QUERY_RUNS);
  if (runs.length === 0) return null;
  const content = runs.filter((run) => !STOP_WORDS.has(run.toLowerCase()));
  const searched = content.length > 0 ? content : runs;

  const terms = new Set<string>();
  for (const run of searched) {
    for (const term of runTerms(run)) terms.add(term);
    // A kebab name is often the camelCase field behind it (`--max-retries` sets `maxRetries`).
    if (run.includes('-')) terms.add(run.replace(/-/g, '').toLowerCase());
  }
  for (const joined of joinedIdentifiers(runs)) terms.add(joined);
  const chosen = stats ? rarestTerms([...terms], stats) : [...terms];
  const phrases = chosen.map(quote);
  const isCommon = (term: string) => stats !== undefined && stats.docFrequency(term) > stats.commonAt;
  if (searched.length > 1 && !searched.some((run) => isCommon(primaryTerm(run)))) {
    phrases.push(`NEAR(${searched.map((run) => quote(primaryTerm(run))).join(' ')}, ${NEAR_DISTANCE})`);
  }
  return phrases.join(' OR ');
}

/** How often terms occur in the index, so a query can leave out those that cost most and say least. */
export interface TermStats {
  /** Chunks containing the term. */
  docFrequency(term: string): number;
  /** A term in more chunks than this is too common to rank by. */
  commonAt: number;
}

/** Any-word queries rank by at most this many terms. */
const MAX_RANKED_TERMS = 8;

/**
 * The rarest terms that occur at all: BM25's weight of a term falls with its frequency while the
 * cost of ranking by it grows with it, so the rarest few decide the order at a fraction of the cost.
 * Terms no chunk contains match nothing and are dropped; if every term is common, the rarest stays.
 */
function rarestTerms(terms: string[], stats: TermStats): string[] {
  const present = terms.map((term) => ({ term, df: stats.docFrequency(term) })).filter((t) => t.df > 0).sort((a, b) => a.df - b.df);
  if (present.length === 0) return terms;
  const rare = present.filter((t) => t.df <= stats.commonAt).slice(0, MAX_RANKED_TERMS);
  return (rare.length > 0 ? rare : present.slice(0, 1)).map((t) => t.term);
}

/**
 * The words of a query that look like identifiers (`parseConfig`, `get_dict`, `HTTPServer`,
 * `Config.load`, `sha256`), as typed, for an exact-name boost. A query of one bare word counts too:
 * a single word is most often the name of what the user is looking for.
 */
export function identifierCandidates(query: string): string[] {
  const found = new Set<string>();
  const matches = query.match(/[\p{L}\p{M}\p{N}_$]+(?:\.[\p{L}\p{M}\p{N}_$]+)*/gu) ?? [];
  for (const match of matches) {
    const segments = match.split('.');
    if (segments.length > 1 && segments.every(isIdentifier)) found.add(match);
    for (const segment of segments) if (isIdentifier(segment) && looksLikeCode(segment)) found.add(segment);
  }
  if (matches.length === 1 && isIdentifier(matches[0])) found.add(matches[0]);
  return [...found];
}

/** Adjacent plain words joined as one identifier would be, and the whole query for 3-4 words. */
function joinedIdentifiers(runs: string[]): string[] {
  const words = runs.map((run) => run.toLowerCase());
  if (words.length < 2 || !words.every((word) => /^[\p{L}\p{M}\p{N}]+$/u.test(word))) return [];
  const groups: string[][] = [];
  for (let i = 0; i + 1 < words.length; i++) groups.push(words.slice(i, i + 2));
  if (words.length === 3 || words.length === 4) groups.push(words);
  return groups.flatMap((group) => [group.join(''), group.join('_')]);
}

function isIdentifier(word: string): boolean {
  return /^[\p{L}_$][\p{L}\p{M}\p{N}_$]*$/u.test(word);
}

/** An underscore or `$`, a capital after the first letter that is not an all-caps word, or letters with digits. */
function looksLikeCode(word: string): boolean {
  if (/[_$]/.test(word) && /[\p{L}\p{N}]/u.test(word)) return true;
  if (/\p{Ll}/u.test(word) && /\p{Lu}/u.test(word.slice(1))) return true;
  return word.length >= 3 && /\p{L}/u.test(word) && /\p{N}/u.test(word);
}

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}
