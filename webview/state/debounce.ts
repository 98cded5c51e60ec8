/** A function that runs `wait` ms after the last of a burst of calls, with the last call's argument. */
export interface Debounced<T> {
  (value: T): void;
  /** Runs the pending call now, if there is one. */
  flush(): void;
  /** Drops the pending call. */
  cancel(): void;
  readonly pending: boolean;
}

export function debounce<T>(run: (value: T) => void, wait: number): Debounced<T> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let latest: { value: T } | null = null;

  const fire = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const call = latest;
    latest = null;
    if (call) run(call.value);
  };

  const debounced = ((value: T) => {
    latest = { value };
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(fire, wait);
  }) as Debounced<T>;
  debounced.flush = fire;
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    latest = null;
  };
  Object.defineProperty(debounced, 'pending', { get: () => latest !== null });
  return debounced;
}
