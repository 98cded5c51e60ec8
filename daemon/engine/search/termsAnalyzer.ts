// Turns source text into search terms for an FTS5 column tokenized by `unicode61 tokenchars '_'`
// (which only lowercases and splits on anything but letters, digits, marks and `_`).
//
// For each compound identifier we emit the whole identifier, lowercased and unstemmed, so an exact
// name matches strongly, plus its words (split on `_`, `-`, camelCase and acronym boundaries), each
// Porter-stemmed, so `retryPolicies` is found by "retry policy". A plain word gives its stem only.
// Words mixing letters and digits (`int32`, `base64`) also emit their letter and digit runs.
import type * as Stemmer from 'stemmer' with { 'resolution-mode': 'import' };

// `stemmer` is ESM-only. Node >= 20.19 require()s ESM, and esbuild bundles it into the CJS output.
const { stemmer } = require('stemmer') as typeof Stemmer;

/** An identifier or word, optionally kebab-joined (`max-retries`). */
const WORD_RUN = /[\p{L}\p{M}\p{N}_]+(?:-[\p{L}\p{M}\p{N}_]+)*/gu;
/** Longer runs are data (hashes, base64, minified names), not words anyone searches for. */
const MAX_TOKEN_CHARS = 64;
/** More letter/digit alternations than this is an opaque code (`a3f9b2c1`), kept whole only. */
const MAX_DIGIT_SPLITS = 3;
const CACHE_LIMIT = 100_000;

const enum CharClass { Other, Lower, Upper, Digit }

const UPPER = /\p{Lu}/u;
const DIGIT = /\p{N}/u;
const MARK = /\p{M}/u;
const STARTS_WITH_LETTER = /^\p{L}/u;

/** Identifiers repeat endlessly in code, so each token's terms are computed once per worker. */
const termCache = new Map<string, string>();

/** The space-joined terms to store for a text (a chunk's body, name, signature, doc or path). */
export function analyzeText(text: string): string {
  const out: string[] = [];
  for (const match of text.matchAll(WORD_RUN)) {
    const terms = cachedTerms(match[0]);
    if (terms !== '') out.push(terms);
  }
  return out.join(' ');
}

/** The terms of one word run (as matched by WORD_RUN), space-joined. */
function cachedTerms(run: string): string {
  let terms = termCache.get(run);
  if (terms === undefined) {
    terms = runTerms(run).join(' ');
    if (termCache.size >= CACHE_LIMIT) termCache.clear();
    termCache.set(run, terms);
  }
  return terms;
}

/** Every word run in a text, in order (identifiers, words, kebab-joined names). */
export function wordRuns(text: string): string[] {
  return Array.from(text.matchAll(WORD_RUN), (m) => m[0]);
}

/** Terms of a run: each hyphen-separated token's terms, then the kebab name joined with `_`. */
export function runTerms(run: string): string[] {
  if (!run.includes('-')) return tokenTerms(run);
  const pieces = run.split('-');
  const terms = new Set<string>();
  for (const piece of pieces) for (const term of tokenTerms(piece)) terms.add(term);
  // `max-retries` is one name (a CLI flag, a CSS class): keep it whole too, in the form FTS keeps whole.
  if (pieces.every((piece) => STARTS_WITH_LETTER.test(piece))) terms.add(pieces.join('_').toLowerCase());
  return [...terms];
}

/**
 * Terms of one identifier or word. A compound identifier gives its whole (lowercased, unstemmed)
 * and its stemmed words; a plain word gives only its stem, so prose, where words appear whole,
 * does not outscore code, where the same words appear inside identifiers.
 */
function tokenTerms(token: string): string[] {
  if (token.length > MAX_TOKEN_CHARS) return [];
  const whole = token.toLowerCase();
  // Numbers and hex literals (`404`, `0x1F`) are searched as they are.
  if (!/^[\p{L}\p{M}_]/u.test(token)) return [whole];
  const words = identifierWords(token);
  const terms = new Set(isPlainWord(words, whole) ? [] : [whole]);
  for (const word of words) {
    terms.add(stem(word));
    const runs = letterDigitRuns(word);
    if (runs.length > 1 && runs.length <= MAX_DIGIT_SPLITS + 1) for (const run of runs) terms.add(stem(run));
  }
  return [...terms];
}

/** The term that best stands for a token in a proximity match: its stem if a plain word, else the whole. */
export function primaryTerm(token: string): string {
  const whole = token.toLowerCase();
  const words = identifierWords(token);
  return isPlainWord(words, whole) ? stem(whole) : whole;
}

function isPlainWord(words: string[], whole: string): boolean {
  return words.length === 1 && words[0] === whole;
}

/**
 * Lowercased words of an identifier: split on `_`, lower-to-upper (`parseJSON` -> parse json),
 * digit-to-upper (`JSON2Yaml` -> json2 yaml) and the end of an acronym (`HTTPServer` -> http server).
 */
function identifierWords(token: string): string[] {
  const words: string[] = [];
  for (const segment of token.split('_')) {
    if (segment === '') continue;
    const classes = classify(segment);
    let start = 0;
    for (let i = 1; i < segment.length; i++) {
      const prev = classes[i - 1];
      const cur = classes[i];
      const boundary =
        (cur === CharClass.Upper && (prev === CharClass.Lower || prev === CharClass.Digit)) ||
        (cur === CharClass.Upper && prev === CharClass.Upper && classes[i + 1] === CharClass.Lower);
      if (boundary) {
        words.push(segment.slice(start, i).toLowerCase());
        start = i;
      }
    }
    words.push(segment.slice(start).toLowerCase());
  }
  return words;
}

function classify(segment: string): CharClass[] {
  const classes: CharClass[] = new Array(segment.length);
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code < 128) {
      classes[i] = code >= 97 && code <= 122 ? CharClass.Lower
        : code >= 65 && code <= 90 ? CharClass.Upper
        : code >= 48 && code <= 57 ? CharClass.Digit
        : CharClass.Other;
      continue;
    }
    const ch = segment[i];
    // A combining mark belongs to the letter before it (decomposed `É` stays one letter).
    classes[i] = MARK.test(ch) && i > 0 ? classes[i - 1]
      : UPPER.test(ch) ? CharClass.Upper
      : DIGIT.test(ch) ? CharClass.Digit
      : CharClass.Lower;
  }
  return classes;
}

/** `int32` -> int, 32; a word without digits is one run. */
function letterDigitRuns(word: string): string[] {
  return word.match(/\p{N}+|[^\p{N}]+/gu) ?? [];
}

/** Porter stem of plain English-looking words; anything else is kept as it is. */
function stem(word: string): string {
  return word.length > 2 && /^[a-z]+$/.test(word) ? stemmer(word) : word;
}
