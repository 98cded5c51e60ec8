/** Keys that move the selection of a list, as `KeyboardEvent.key` names them. */
export const NAVIGATION_KEYS = ['ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'] as const;
export type NavigationKey = (typeof NAVIGATION_KEYS)[number];

export function isNavigationKey(key: string): key is NavigationKey {
  return (NAVIGATION_KEYS as readonly string[]).includes(key);
}

/**
 * The index a key moves the selection to in a list of `count` rows, `-1` meaning none. Like VS Code's
 * lists it stops at the ends instead of wrapping; from no selection, Up starts at the bottom.
 */
export function navigate(current: number, count: number, key: NavigationKey, pageSize: number): number {
  if (count <= 0) return -1;
  const last = count - 1;
  const page = Math.max(1, pageSize);
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(last, current + 1);
    case 'ArrowUp':
      return current < 0 ? last : Math.max(0, current - 1);
    case 'PageDown':
      return current < 0 ? Math.min(last, page - 1) : Math.min(last, current + page);
    case 'PageUp':
      return current < 0 ? 0 : Math.max(0, current - page);
  }
}
