import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../electron/origin';

describe('isAppUrl', () => {
  it('accepts only app://drillbook', () => {
    expect(isAppUrl('app://drillbook/index.html')).toBe(true);
    expect(isAppUrl('app://drillbook')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://drillbook.evil.com/',
      'app://drillbook:8080/',
      'app://user:pw@drillbook/',
      'https://drillbook/',
      'file:///repo/dist/renderer/index.html',
      'not a url',
      '',
    ])
      expect(isAppUrl(url), url).toBe(false);
  });
});
