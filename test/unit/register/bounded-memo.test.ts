// The register's caches keep at most their limit of entries, dropping the one used longest ago.
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../../core/register/bounded-memo';

describe('BoundedMemo', () => {
  it('drops the entry used longest ago once past its limit; a get counts as a use', () => {
    const m = new BoundedMemo<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.get('a')).toBe(1); // a is now the newest: b is the oldest
    m.set('d', 4);
    expect(m.size).toBe(3);
    expect(m.get('b')).toBeUndefined();
    expect([m.get('a'), m.get('c'), m.get('d')]).toEqual([1, 3, 4]);
  });

  it('replacing a value keeps one entry, and delete forgets it', () => {
    const m = new BoundedMemo<string, number>(2);
    m.set('a', 1);
    m.set('a', 2);
    expect(m.size).toBe(1);
    expect(m.get('a')).toBe(2);
    m.delete('a');
    expect(m.get('a')).toBeUndefined();
  });
});
