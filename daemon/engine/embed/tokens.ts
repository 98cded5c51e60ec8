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

/** `text` cut to at most `maxTokens` tokens, at a token boundary. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; tokens: number; truncated: boolean } {
  const capped = text.length > maxTokens * MAX_CHARS_PER_TOKEN ? text.slice(0, maxTokens * MAX_CHARS_PER_TOKEN) : text;
  const tokens = encode(capped, AS_PLAIN_TEXT);
  if (tokens.length <= maxTokens) return { text: capped, tokens: tokens.length, truncated: capped !== text };
  return { text: decode(tokens.slice(0, maxTokens)), tokens: maxTokens, truncated: true };
}
