// @vitest-environment jsdom
// The old `?token=` form: the token leaves the address bar and the history entry unused, the rest
// of the address (other query values, the route) stays, and the caller learns it was refused.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dropQuerySecret, obtainToken, TOKEN_KEY } from '../../../renderer/api/credential';

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/');
});

describe('dropQuerySecret', () => {
  it('removes ?token= and ?launch=, keeps other query values and the route', () => {
    history.replaceState(null, '', '/?lang=en&token=SECRET&launch=CODE#/run/r1');
    expect(dropQuerySecret()).toBe(true);
    expect(location.href).not.toContain('SECRET');
    expect(location.href).not.toContain('CODE');
    expect(location.search).toBe('?lang=en');
    expect(location.hash).toBe('#/run/r1');
  });

  it('leaves an address without one alone and says so', () => {
    history.replaceState(null, '', '/?lang=en#/');
    const replace = vi.spyOn(history, 'replaceState');
    expect(dropQuerySecret()).toBe(false);
    expect(replace).not.toHaveBeenCalled();
    expect(location.search).toBe('?lang=en');
  });
});

describe('obtainToken with the old form', () => {
  it('never uses or stores a ?token=, and removes it before asking anything', async () => {
    history.replaceState(null, '', '/?token=OLDFORM');
    const fetch = vi.fn(async () => new Response(null, { status: 500 }));
    expect(await obtainToken({ location, history, localStorage, fetch })).toBeUndefined();
    expect(location.href).not.toContain('OLDFORM');
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('removes both forms at once and keeps the #token= one', async () => {
    history.replaceState(null, '', '/?token=OLDFORM#token=NEWFORM');
    const fetch = vi.fn(async () => new Response(null, { status: 500 }));
    expect(await obtainToken({ location, history, localStorage, fetch })).toBe('NEWFORM');
    expect(location.href).not.toContain('OLDFORM');
    expect(location.href).not.toContain('NEWFORM');
  });
});
