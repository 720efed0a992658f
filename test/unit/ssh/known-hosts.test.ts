import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, keyTypeOf } from '../../../core/exec/ssh/fingerprint';
import { KnownHostsFile, entryMatches, hashHostName, hostLookupName, parseKnownHosts } from '../../../core/exec/ssh/known-hosts';

const ED = 'AAAAC3NzaC1lZDI1NTE5AAAAID4dl+0F6Bq3Xf4pZ9vUuB6oQ+2nqvfz3yz1v0cZ3m5K';

describe('known_hosts', () => {
  it('names non-22 ports as [host]:port, lower-cased', () => {
    expect(hostLookupName('DB1.example.org', 22)).toBe('db1.example.org');
    expect(hostLookupName('10.0.0.5', 2201)).toBe('[10.0.0.5]:2201');
  });

  it('parses markers, comments, blank and malformed lines, keeping line numbers', () => {
    const text = `# comment\n\n@revoked * ssh-ed25519 ${ED}\n@cert-authority *.corp ssh-ed25519 ${ED}\n@weird h ssh-ed25519 ${ED}\nbroken-line\ndb1,10.0.0.5 ssh-ed25519 ${ED} ops@laptop\n`;
    const e = parseKnownHosts(text);
    expect(e.map((x) => [x.line, x.marker ?? '', x.hosts])).toEqual([
      [3, 'revoked', '*'],
      [4, 'cert-authority', '*.corp'],
      [7, '', 'db1,10.0.0.5'],
    ]);
    expect(keyTypeOf(e[2]!.key)).toBe('ssh-ed25519');
  });

  it('matches patterns with wildcards and negation as OpenSSH does', () => {
    expect(entryMatches('db1,10.0.0.5', '10.0.0.5')).toBe(true);
    expect(entryMatches('*.example.org', 'db1.example.org')).toBe(true);
    expect(entryMatches('db?', 'db1')).toBe(true);
    expect(entryMatches('db?', 'db12')).toBe(false);
    expect(entryMatches('*.example.org,!bad.example.org', 'bad.example.org')).toBe(false);
    expect(entryMatches('[10.0.0.5]:2201', '[10.0.0.5]:2201')).toBe(true);
    expect(entryMatches('10.0.0.5', '[10.0.0.5]:2201')).toBe(false);
    expect(entryMatches('[10.0.0.*]:2201', '[10.0.0.9]:2201')).toBe(true);
    expect(entryMatches('db.1', 'dbx1')).toBe(false); // dots are literal
  });

  it('matches hashed names: |1|salt|HMAC-SHA1(salt, name)', () => {
    const salt = Buffer.alloc(20, 7);
    const field = hashHostName('[127.0.0.1]:2201', salt);
    const want = createHmac('sha1', salt).update('[127.0.0.1]:2201').digest('base64');
    expect(field).toBe(`|1|${salt.toString('base64')}|${want}`);
    expect(entryMatches(field, '[127.0.0.1]:2201')).toBe(true);
    expect(entryMatches(field, '[127.0.0.1]:2202')).toBe(false);
    expect(entryMatches('|1|garbage', 'x')).toBe(false);
  });

  it('appends plain entries, hashed when the file already hashes, and looks them up', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-'));
    const key = Buffer.from(ED, 'base64');
    const plain = new KnownHostsFile(path.join(dir, 'sub', 'known_hosts'));
    await plain.add('127.0.0.1', 2201, 'ssh-ed25519', key);
    expect(readFileSync(plain.file, 'utf8')).toBe(`[127.0.0.1]:2201 ssh-ed25519 ${ED}\n`);
    expect((await plain.lookup('127.0.0.1', 2201)).map((e) => e.line)).toEqual([1]);
    expect(await plain.lookup('127.0.0.1', 22)).toEqual([]);

    const hashedFile = path.join(dir, 'hashed');
    writeFileSync(hashedFile, `${hashHostName('other')} ssh-ed25519 ${ED}`); // no final newline
    const hashed = new KnownHostsFile(hashedFile);
    await hashed.add('db1', 22, 'ssh-ed25519', key);
    const lines = readFileSync(hashedFile, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^\|1\|/);
    expect((await hashed.lookup('DB1', 22)).map((e) => e.line)).toEqual([2]);
  });

  it('reads the file on every lookup: an edit between two (even one of the same size) counts, and callers cannot change what the next one sees', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kh-')), 'known_hosts');
    writeFileSync(file, `db1 ssh-ed25519 ${ED}\n`);
    const kh = new KnownHostsFile(file);
    const [first] = await kh.lookup('db1', 22);
    expect(first?.line).toBe(1);
    first!.key.fill(0);
    first!.hosts = 'changed';
    expect((await kh.lookup('db1', 22))[0]?.key.toString('base64')).toBe(ED);
    writeFileSync(file, `db2 ssh-ed25519 ${ED}\n`);
    expect(await kh.lookup('db1', 22)).toEqual([]);
    expect((await kh.lookup('db2', 22)).map((e) => e.hosts)).toEqual(['db2']);
    expect((await kh.entries()).map((e) => e.hosts)).toEqual(['db2']);
  });

  it('compares names without wildcards case-insensitively, as OpenSSH does', () => {
    expect(entryMatches('DB1.Example.org', 'db1.example.org')).toBe(true);
    expect(entryMatches('db1', 'db10')).toBe(false);
    expect(entryMatches('DB*', 'db10')).toBe(true);
  });

  it('fingerprints like ssh-keygen -l (SHA256, unpadded base64)', () => {
    expect(fingerprint(Buffer.from(ED, 'base64'))).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
