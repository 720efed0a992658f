// A memo that keeps at most `limit` entries, dropping the one used longest ago: the register's
// caches (evidence hashes, report verdicts) live as long as the app, which may run for weeks
// while run folders come and go; a dropped entry only costs one more read of its file.
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Used now: moved to the end of the order, which is the newest.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
