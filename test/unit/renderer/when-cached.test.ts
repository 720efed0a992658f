// The per-minute cache of step times: the same words as formatWhen, and a new day (or zone) is
// seen at once: a time from yesterday gains its date right after midnight.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatWhenCached } from '../../../renderer/features/run/when-cached';
import { formatWhen } from '../../../renderer/features/shared/format';

const savedTz = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'UTC';
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('formatWhenCached', () => {
  const noon = '2026-03-01T12:00:00.000Z';

  it('says what formatWhen says; a time from yesterday shows its date right after midnight', () => {
    vi.setSystemTime(new Date('2026-03-01T23:59:50Z'));
    expect(formatWhenCached(noon)).toBe('12:00:00 UTC');
    expect(formatWhenCached(noon)).toBe(formatWhen(noon));
    vi.setSystemTime(new Date('2026-03-02T00:00:05Z'));
    expect(formatWhenCached(noon)).toBe('2026-03-01 12:00:00 UTC');
    expect(formatWhenCached(noon)).toBe(formatWhen(noon));
    expect(formatWhenCached(undefined)).toBe('');
  });

  it('a change of zone is seen at once', () => {
    vi.setSystemTime(new Date('2026-03-01T13:00:00Z'));
    expect(formatWhenCached(noon)).toBe('12:00:00 UTC');
    process.env.TZ = 'Europe/Berlin';
    expect(formatWhenCached(noon)).toBe(formatWhen(noon));
    expect(formatWhenCached(noon)).toMatch(/^13:00:00 \S+ \(12:00:00 UTC\)$/);
  });
});
