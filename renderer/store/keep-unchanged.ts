// Structural sharing for data that arrives whole over the wire (a RunView after every tick):
// the parts equal to what the store already holds keep their old objects, so memoized
// components (one per step) see the same props and skip their render.

/** `next`, with every subtree deep-equal to the same place in `prev` replaced by prev's object. */
export function keepUnchanged<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next) || typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (Array.isArray(prev) !== Array.isArray(next)) return next;
  if (Array.isArray(next)) {
    const old = prev as unknown[];
    let same = old.length === next.length;
    const out = next.map((v, i) => {
      const kept = keepUnchanged(old[i], v);
      if (kept !== old[i]) same = false;
      return kept;
    });
    return (same ? old : out) as T;
  }
  const old = prev as Record<string, unknown>;
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(old).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const kept = keepUnchanged(old[k], (next as Record<string, unknown>)[k]);
    if (kept !== old[k] || !Object.hasOwn(old, k)) same = false;
    out[k] = kept;
  }
  return (same ? old : out) as T;
}
