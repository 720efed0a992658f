import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../core/runbook/duration';
import { paramRefs } from '../../../core/runbook/params';
import { compareSemver, isSemver } from '../../../core/runbook/semver';
import { slugify } from '../../../core/runbook/slug';
import { closest, didYouMean } from '../../../core/runbook/suggest';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1d2h', 93_600_000],
    ['90m', 5_400_000],
    ['0s', 0],
    [' 4h ', 14_400_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', 'm', '5 m', '1.5h', '30m1h', '1h1h', '-5m', '5M', '5min', '4 hours', '1h 30m', 'h5', '5ms'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [5_400_000, '1h30m'],
    [93_600_000, '1d2h'],
    [90_061_000, '1d1h1m1s'],
    [1_999, '1s'],
    [-300_000, '-5m'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips', () => {
    for (const t of ['30s', '5m', '2h', '1h30m', '1d', '1d2h']) expect(formatDuration(parseDuration(t)!)).toBe(t);
  });
});

describe('slugify', () => {
  it('lowercases and dashes', () => expect(slugify('Stop the app (prod)!')).toBe('stop-the-app-prod'));
  it('drops accents', () => expect(slugify('Überprüfe die Sicherung')).toBe('uberprufe-die-sicherung'));
  it('caps the length without a trailing dash', () => {
    const s = slugify('Restore the base backup and replay the write ahead log to the target time given');
    expect(s.length).toBeLessThanOrEqual(60);
    expect(s).toBe('restore-the-base-backup-and-replay-the-write-ahead-log-to-th');
    expect(slugify(`${'a'.repeat(59)} b`)).toBe('a'.repeat(59));
  });
  it('is empty for text without letters or digits', () => expect(slugify('!!! ???')).toBe(''));
});

describe('suggestions', () => {
  it('finds typos and swaps', () => {
    expect(closest('timout', ['timeout', 'estimate'])).toBe('timeout');
    expect(closest('titel', ['title', 'tags'])).toBe('title');
    expect(didYouMean('budjet', ['budget'])).toBe(' (did you mean "budget"?)');
  });
  it('stays quiet when nothing is close', () => expect(didYouMean('colour', ['id', 'title', 'version'])).toBe(''));
});

describe('paramRefs', () => {
  it('finds names with optional spaces, their index and their end', () => {
    expect(paramRefs('a {{x}} b {{ long_name1 }}')).toEqual([
      { name: 'x', index: 2, end: 7 },
      { name: 'long_name1', index: 10, end: 26 },
    ]);
  });
  it('ignores Go templates and malformed names', () => {
    expect(paramRefs(`docker inspect --format '{{.State.Running}}' {{json .Config}} {{1x}} {x}`)).toEqual([]);
  });
});

describe('semver', () => {
  it('validates', () => {
    for (const v of ['1.0.0', '2.1.0-rc.1', '1.0.0+build.5', '10.20.30-alpha.beta']) expect(isSemver(v)).toBe(true);
    for (const v of ['1.0', '01.0.0', '1.0.0-', 'v1.0.0', '1.0.0-01']) expect(isSemver(v)).toBe(false);
  });
  it('orders by precedence, prerelease below release', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    const shuffled = [...order].reverse().sort((a, b) => compareSemver(a, b));
    expect(shuffled).toEqual(order);
  });
  it('puts invalid versions below valid ones', () => {
    expect(['banana', '0.0.1'].sort(compareSemver)).toEqual(['banana', '0.0.1']);
  });
});
