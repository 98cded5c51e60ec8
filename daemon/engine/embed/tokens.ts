import { decode, encode } from 'gpt-tokenizer/encoding/cl100k_base';

// cl100k_base is the tokenizer of OpenAI's embedding models; for other models it is a close enough
// measure of length to keep inputs within their limits.

/** Special-token strings in source code (`<|endoftext|>`) are ordinary text here, never an error. */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Bounds the tokenizer's work on a huge text: no real tokenizer packs more than this many chars per token. */
const MAX_CHARS_PER_TOKEN = 12;

export function countTokens(text: string): number {
  return encode(text, AS_PLAIN_TEXT).length;
}

/** Code and prose rarely take more than this many chars per token: a prefix this long usually holds the limit. */
const TYPICAL_CHARS_PER_TOKEN = 4;
/** Tokens past the limit a prefix must yield before its first `maxTokens` are trusted to match the whole text's. */
const PREFIX_MARGIN = 16;

/**
 * `text` cut to at most `maxTokens` tokens, at a token boundary. A long text is first tried by a
 * prefix of a typical length: tokenizing 8,191 tokens' worth of the 12-chars-per-token cap takes
 * ~9 ms, of a 4-chars-per-token prefix ~3 ms, and the event loop is held for all of it.
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; tokens: number; truncated: boolean } {
  const typical = maxTokens * TYPICAL_CHARS_PER_TOKEN;
  if (text.length > typical) {
    // Tokens end where a prefix ends only near its end: with enough to spare, the first maxTokens are the text's own.
    const tokens = encode(text.slice(0, typical), AS_PLAIN_TEXT);
    if (tokens.length >= maxTokens + PREFIX_MARGIN) return { text: decode(tokens.slice(0, maxTokens)), tokens: maxTokens, truncated: true };
  }
  const capped = text.length > maxTokens * MAX_CHARS_PER_TOKEN ? text.slice(0, maxTokens * MAX_CHARS_PER_TOKEN) : text;
  const tokens = encode(capped, AS_PLAIN_TEXT);
  if (tokens.length <= maxTokens) return { text: capped, tokens: tokens.length, truncated: capped !== text };
  return { text: decode(tokens.slice(0, maxTokens)), tokens: maxTokens, truncated: true };
}
