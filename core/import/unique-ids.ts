// Step and phase ids made unique the way a reviewer would: `verify`, `verify-2`, `verify-3`.
import { slugify } from '../runbook/slug';

export class Ids {
  private readonly used = new Set<string>();
  /** The next suffix to try per base, so a thousand "Verify" steps stay linear. */
  private readonly next = new Map<string, number>();
  take(title: string, fallback: string): string {
    const base = slugify(title) || fallback;
    let id = base;
    for (let n = this.next.get(base) ?? 2; this.used.has(id); n++) {
      id = `${base}-${n}`;
      this.next.set(base, n + 1);
    }
    this.used.add(id);
    return id;
  }
}
