// Structural sharing of a view that arrives whole: equal parts keep the store's objects, changed
// parts (and everything above them) are the new ones, and the result equals what arrived.
import { describe, expect, it } from 'vitest';
import { keepUnchanged } from '../../../renderer/store/keep-unchanged';

describe('keepUnchanged', () => {
  const prev = { a: { x: 1, list: [{ id: 1 }, { id: 2 }] }, b: { y: 'same' }, c: [1, 2, 3] };

  it('an equal copy is the old object, all the way down', () => {
    expect(keepUnchanged(prev, structuredClone(prev))).toBe(prev);
  });

  it('a change is new along its path; its siblings keep their objects', () => {
    const next = structuredClone(prev);
    next.a.list[1]!.id = 3;
    const out = keepUnchanged(prev, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(prev);
    expect(out.a).not.toBe(prev.a);
    expect(out.a.list).not.toBe(prev.a.list);
    expect(out.a.list[0]).toBe(prev.a.list[0]);
    expect(out.a.list[1]).toEqual({ id: 3 });
    expect(out.b).toBe(prev.b);
    expect(out.c).toBe(prev.c);
  });

  it('an added or removed key, a longer array or a changed type is a change', () => {
    expect(keepUnchanged(prev, { ...structuredClone(prev), d: 1 })).toEqual({ ...prev, d: 1 });
    const { b: _b, ...withoutB } = structuredClone(prev);
    expect(keepUnchanged(prev, withoutB)).toEqual(withoutB);
    expect(keepUnchanged(prev, { ...structuredClone(prev), c: [1, 2, 3, 4] }).c).toEqual([1, 2, 3, 4]);
    expect(keepUnchanged({ v: [1] }, { v: { 0: 1 } }).v).toEqual({ 0: 1 });
    expect(keepUnchanged({ v: null }, { v: {} }).v).toEqual({});
  });
});
