// `drillbook keys init|import|show`: the signing identity in <data-dir>/keys. The private keys
// are sealed with a passphrase; only public facts (name, fingerprints) are ever printed.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeCert } from '../core/keys/certificate';
import { importIdentity, initIdentity, keysDirOf, readIdentity, type PublicIdentity } from '../core/keys/identity';
import { resolveDataDir } from '../core/paths';
import { addTrust, loadTrust, TRUST_FILE } from '../core/keys/trust';
import path from 'node:path';
import type { Io } from './io';
import { engineSecret } from '../core/engine-secrets';
import { getPassphrase } from './passphrase';

export const keysUsage = `Usage: drillbook keys init --name NAME [--org ORG] [--force] [--data-dir DIR]
       drillbook keys import FILE.p12 [--name NAME] [--org ORG] [--force] [--data-dir DIR]
       drillbook keys show [--pem] [--data-dir DIR]
       drillbook keys trust CERT_SHA256 --name NAME [--data-dir DIR]
       drillbook keys trusted [--data-dir DIR]

Create (init) or import (a PKCS#12 issued by your organisation) the identity that signs reports:
an Ed25519 key for the run record and an X.509 certificate for the PDF signature. Private keys
are sealed with a passphrase (asked, or DRILLBOOK_PASSPHRASE); the PKCS#12 password is asked,
or read from DRILLBOOK_P12_PASSWORD.

\`verify\` calls a report VALID only when its signer is trusted: this machine's own identity, or a
certificate added with \`keys trust\` (after checking its SHA-256 with its owner), kept in
<data-dir>/trusted-signers.txt.`;

function describe(io: Io, id: PublicIdentity, keysDir: string): void {
  const cert = describeCert(id.certificates[0]!);
  const line = (label: string, value: string) => io.out(`${label.padEnd(20)} ${value}`);
  line('Signer:', `${id.name}${id.org ? `, ${id.org}` : ''}`);
  line('Certificate:', `${cert.subject}${cert.selfSigned ? ' (self-signed)' : `, issued by ${cert.issuer}`}`);
  line('Valid:', `${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`);
  line('Certificate SHA-256:', id.certSha256);
  line('Ed25519 public key:', id.ed25519PublicKey.replace(/-----[^-]+-----|\s/g, ''));
  line('Stored in:', keysDir);
}

export async function keys(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      org: { type: 'string' },
      force: { type: 'boolean', default: false },
      pem: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [sub, file] = positionals;
  if (values.help) return (io.out(keysUsage), 0);
  const dataDir = values['data-dir'] ?? resolveDataDir();
  const keysDir = keysDirOf(dataDir);
  const now = new Date();
  const opt = { ...(values.org ? { org: values.org } : {}), force: values.force, now };
  if (sub === 'init') {
    if (!values.name) return (io.err(`drillbook keys init: --name is required\n${keysUsage}`), 2);
    if (!values.force && (await readIdentity(keysDir)))
      throw new Error(`a signing identity already exists in ${keysDir}; use --force to replace it`);
    const passphrase = await getPassphrase('the new signing key', true);
    const id = await initIdentity(keysDir, { ...opt, name: values.name, passphrase });
    io.out('Signing identity created.');
    describe(io, id, keysDir);
    io.out('Give the certificate SHA-256 to whoever will check your reports.');
    return 0;
  }
  if (sub === 'import') {
    if (!file) return (io.err(`drillbook keys import: which PKCS#12 file?\n${keysUsage}`), 2);
    const p12 = await readFile(file);
    const p12Password = engineSecret('DRILLBOOK_P12_PASSWORD') ?? (await getPassphrase(`${file} (PKCS#12 password)`, false, { env: {} }));
    const passphrase = await getPassphrase('the imported signing key', true);
    const id = await importIdentity(keysDir, { ...opt, p12, p12Password, passphrase, ...(values.name ? { name: values.name } : {}) });
    io.out('Signing identity imported.');
    describe(io, id, keysDir);
    return 0;
  }
  if (sub === 'show') {
    const id = await readIdentity(keysDir);
    if (!id) throw new Error(`no signing identity in ${keysDir}; run \`drillbook keys init --name NAME\``);
    if (values.pem) id.certificates.forEach((c) => io.out(c.trimEnd()));
    else describe(io, id, keysDir);
    return 0;
  }
  if (sub === 'trust') {
    if (!file || !values.name) return (io.err(`drillbook keys trust: give the certificate SHA-256 and --name\n${keysUsage}`), 2);
    const hex = await addTrust(dataDir, file, values.name);
    io.out(`Trusted: ${hex} (${values.name.trim()}), in ${path.join(dataDir, TRUST_FILE)}`);
    return 0;
  }
  if (sub === 'trusted') {
    for (const [sha, who] of await loadTrust(dataDir)) io.out(`${sha}  ${who}`);
    return 0;
  }
  io.err(keysUsage);
  return 2;
}
