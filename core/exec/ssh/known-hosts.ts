// OpenSSH known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): `[@marker] patterns type base64
// [comment]`, patterns comma-separated with `*`/`?` wildcards and `!` negation, non-22 ports as
// `[host]:port`, hashed names as `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface KnownHostEntry {
  marker?: 'cert-authority' | 'revoked';
  /** The host field as written (patterns or a hashed name). */
  hosts: string;
  type: string;
  key: Buffer;
  line: number;
}

/** The name OpenSSH looks up: `host`, or `[host]:port` when the port is not 22. */
export function hostLookupName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!.slice(1);
      if (m !== 'cert-authority' && m !== 'revoked') continue; // unknown markers are ignored, as OpenSSH does
      marker = m;
    }
    const [hosts, type, b64] = fields;
    if (!hosts || !type || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    out.push({ ...(marker ? { marker } : {}), hosts, type, key: Buffer.from(b64, 'base64'), line: i + 1 });
  }
  return out;
}

// A fan-out matches every host against every line: each pattern is compiled once, and a
// pattern without wildcards is a plain comparison.
const compiled = new Map<string, RegExp>();
function wildcardMatch(name: string, pattern: string): boolean {
  if (!/[*?]/.test(pattern)) return name === pattern.toLowerCase();
  let re = compiled.get(pattern);
  if (!re) {
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, (re = wildcardRegExp(pattern)));
  }
  return re.test(name);
}

function wildcardRegExp(pattern: string): RegExp {
  return new RegExp(
    '^' +
      pattern
        .toLowerCase()
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
        .join('') +
      '$',
    's',
  );
}

function hashedMatch(name: string, field: string): boolean {
  const [, magic, salt, hash] = field.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Does the entry's host field name this host? A matching `!pattern` excludes it outright. */
export function entryMatches(hostsField: string, name: string): boolean {
  if (hostsField.startsWith('|')) return hashedMatch(name, hostsField);
  let matched = false;
  for (const raw of hostsField.split(',')) {
    const negated = raw.startsWith('!');
    if (wildcardMatch(name, negated ? raw.slice(1) : raw)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

const copy = (e: KnownHostEntry): KnownHostEntry => ({ ...e, key: Buffer.from(e.key) });

export class KnownHostsFile {
  /** The last text read and its entries: parsed again only when the file's bytes changed. */
  private last: { text: string; entries: readonly KnownHostEntry[] } | undefined;

  constructor(readonly file: string) {}

  /** Read fresh on every lookup, so a fix made during a run counts for the next connection. */
  async entries(): Promise<KnownHostEntry[]> {
    return (await this.read()).map(copy);
  }

  async lookup(host: string, port: number): Promise<KnownHostEntry[]> {
    const name = hostLookupName(host, port);
    return (await this.read()).filter((e) => entryMatches(e.hosts, name)).map(copy);
  }

  private async read(): Promise<readonly KnownHostEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    if (this.last?.text !== text) this.last = { text, entries: parseKnownHosts(text) };
    return this.last.entries;
  }

  /** Append a host key; hashed when the file already hashes its names (Debian's default). */
  async add(host: string, port: number, type: string, key: Buffer): Promise<void> {
    let existing = '';
    try {
      existing = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    }
    const name = hostLookupName(host, port);
    const hashed = /^\|1\|/m.test(existing);
    const sep = existing === '' || existing.endsWith('\n') ? '' : '\n';
    const line = `${sep}${hashed ? hashHostName(name) : name} ${type} ${key.toString('base64')}\n`;
    // One write with O_APPEND, so concurrent connections never interleave half lines.
    const fh = await fs.open(this.file, 'a', 0o600);
    try {
      await fh.write(line);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}
