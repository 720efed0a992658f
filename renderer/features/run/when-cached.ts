// formatWhen for the times a run view shows per step (a finished step shows two): each costs
// three Intl formatToParts calls, and a 500-step run renders hundreds of them on open. The words
// depend on the time and on today's date, so results are kept for the current minute only (a
// day starts on a minute) and per zone (Node follows TZ, which tests change).
import { formatWhen } from '../shared/format';

const cache = new Map<string, string>();
let stamp = '';

export function formatWhenCached(iso: string | undefined): string {
  if (!iso) return '';
  const zone = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TZ ?? '';
  const now = `${Math.floor(Date.now() / 60_000)}\u0000${zone}`;
  if (now !== stamp) {
    cache.clear();
    stamp = now;
  }
  let text = cache.get(iso);
  if (text === undefined) cache.set(iso, (text = formatWhen(iso)));
  return text;
}
