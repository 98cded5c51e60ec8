/** Words too common in code to say what a selection is about. */
const NOISE = new Set(
  ('const let var function return if else for while do switch case break continue new this self class def fn func ' +
    'public private protected static void int string bool boolean true false null undefined none nil import from export ' +
    'async await try catch finally throw throws type interface struct enum impl pub use mut let in of is not and or ' +
    'the a an to be with as by on at it its that this end then elif lambda yield super extends implements package').split(' '),
);

const MAX_TERMS = 12;

/**
 * A keyword query made of the identifiers a piece of code uses most, so that "context for this
 * selection" finds the definitions and callers it depends on.
 */
export function relatedQuery(code: string): string {
  const counts = new Map<string, number>();
  for (const match of code.matchAll(/[A-Za-z_][A-Za-z0-9_]{2,}/g)) {
    const word = match[0];
    if (NOISE.has(word.toLowerCase())) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
    .slice(0, MAX_TERMS)
    .map(([word]) => word)
    .join(' ');
}
