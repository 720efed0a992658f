import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));
const { menuTemplate } = await import('../../../electron/menu');

const roles = (t: ReturnType<typeof menuTemplate>) => JSON.stringify(t);

describe('application menu', () => {
  it('offers reload and devtools only in development', () => {
    expect(roles(menuTemplate(true, 'linux'))).toContain('toggleDevTools');
    expect(roles(menuTemplate(false, 'linux'))).not.toMatch(/reload|DevTools/i);
    expect(roles(menuTemplate(false, 'linux'))).toContain('editMenu');
  });
});
