// Token counts with a real tokenizer: o200k_base, the encoding of current OpenAI models
// (GPT-4o and later); other model families count within a few percent of it on code.
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';

// Source code may contain special-token text such as `<|endoftext|>` (tokenizer sources do):
// count it as ordinary text instead of throwing.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

let encoding: typeof O200k | undefined;

export function countTokens(text: string): number {
  // Loaded on first use: building its 200k-entry table takes ~130 ms and ~70 MB, which commands
  // that never pack context (search, index) should not pay at start-up.
  encoding ??= require('gpt-tokenizer/encoding/o200k_base') as typeof O200k;
  return encoding.countTokens(text, AS_PLAIN_TEXT);
}
