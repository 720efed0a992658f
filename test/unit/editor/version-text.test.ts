// The new version is written into the front matter and nothing else changes.
import { describe, expect, it } from 'vitest';
import { withVersion } from '../../../core/runbook/set-version';
import { bumpVersion } from '../../../core/runbook/version-bump';

describe('bumpVersion', () => {
  it('bumps patch, minor and major, dropping a pre-release or build suffix', () => {
    expect(['patch', 'minor', 'major'].map((b) => bumpVersion('2.1.3', b as 'patch'))).toEqual(['2.1.4', '2.2.0', '3.0.0']);
    expect(bumpVersion('2.1.0-rc.1+build.5', 'minor')).toBe('2.2.0');
    expect(bumpVersion('10.0.9', 'patch')).toBe('10.0.10');
    expect(bumpVersion('v2', 'patch')).toBeUndefined();
    expect(bumpVersion('01.0.0', 'patch')).toBeUndefined();
  });
});

describe('withVersion', () => {
  it('replaces only the version value: comments, other keys and the body stay byte for byte', () => {
    const src = '---\nid: a\nversion: 2.1.0   # semver\ntitle: "version: 2.1.0"\n---\n\n# P\n\nversion: 2.1.0\n';
    expect(withVersion(src, '2.2.0')).toBe(src.replace('version: 2.1.0   #', 'version: 2.2.0   #'));
  });

  it('keeps quotes, a BOM and CR LF line endings', () => {
    expect(withVersion('\uFEFF---\r\nid: a\r\nversion: "2.1.0"\r\n---\r\n', '3.0.0')).toBe(
      '\uFEFF---\r\nid: a\r\nversion: "3.0.0"\r\n---\r\n',
    );
    expect(withVersion("---\nversion: '1.0.0'\n...\n", '1.0.1')).toBe("---\nversion: '1.0.1'\n...\n");
  });

  it('gives undefined when there is no front matter version to set', () => {
    expect(withVersion('---\nid: a\n---\n', '1.0.0')).toBeUndefined();
    expect(withVersion('---\nid: a\nversion: 1.0.0\n', '1.0.1')).toBeUndefined();
    expect(withVersion('# no front matter\nversion: 1.0.0\n', '1.0.1')).toBeUndefined();
    expect(withVersion('---\nversion: [1, 2]\n---\n', '1.0.1')).toBeUndefined();
  });
});
