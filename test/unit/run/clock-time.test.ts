import { afterEach, describe, expect, it } from 'vitest';
import { formatTime } from '../../../core/run/local-time';

describe('formatTime: local time with UTC beside it', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('names the zone on the night clocks go back, when 02:30 happens twice (Europe/Berlin, 2026-10-25)', () => {
    const berlin = { timeZone: 'Europe/Berlin', locale: 'en-GB' };
    expect(formatTime('2026-10-25T00:30:00.000Z', berlin)).toBe('2026-10-25 02:30:00 CEST (00:30:00 UTC)');
    expect(formatTime('2026-10-25T01:30:00.000Z', berlin)).toBe('2026-10-25 02:30:00 CET (01:30:00 UTC)');
    // And in spring, 02:30 does not exist: 01:30Z is 03:30 CEST.
    expect(formatTime('2026-03-29T01:30:00.000Z', berlin)).toBe('2026-03-29 03:30:00 CEST (01:30:00 UTC)');
  });

  it('drops the date when it is today, shows the UTC date when it differs (midnight)', () => {
    const opts = { timeZone: 'Europe/Berlin', locale: 'en-GB', today: new Date('2026-11-23T12:00:00Z') };
    expect(formatTime('2026-11-23T14:05:00Z', opts)).toBe('15:05:00 CET (14:05:00 UTC)');
    expect(formatTime('2026-11-23T23:30:00Z', opts)).toBe('2026-11-24 00:30:00 CET (2026-11-23 23:30:00 UTC)');
    expect(formatTime('2026-11-23T14:05:00Z', { ...opts, timeZone: 'UTC' })).toBe('14:05:00 UTC');
    expect(formatTime('not a time')).toBe('not a time');
  });

  it('uses the process time zone by default (TZ)', () => {
    process.env.TZ = 'Europe/Berlin';
    expect(formatTime('2026-10-25T01:30:00.000Z', { locale: 'en-GB' })).toBe('2026-10-25 02:30:00 CET (01:30:00 UTC)');
    process.env.TZ = 'UTC';
    expect(formatTime('2026-10-25T01:30:00.000Z', { locale: 'en-GB' })).toBe('2026-10-25 01:30:00 UTC');
  });
});
