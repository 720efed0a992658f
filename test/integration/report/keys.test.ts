// Signing identities: a wrong passphrase is a clear error, an organisation's PKCS#12 can be
// imported (its chain shows in verify), and no secret reaches a PDF or any output.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { decodePDFRawStream, PDFDocument, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysDirOf, unlockIdentity } from '../../../core/keys/identity';
import { drillbook, PASSPHRASE, pdfsig, pdftotext, type Result } from './cli-helpers';
import { buildRun, type BuiltRun } from './run-fixture';

let base: string;
let run: BuiltRun;
const outputs: Result[] = [];
const cli = (args: string[], env: Record<string, string> = {}) => {
  const r = drillbook(args, env);
  outputs.push(r);
  return r;
};

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-keys-'));
  run = await buildRun(base);
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** An organisation CA and a signing certificate it issued, as a password-protected PKCS#12. */
function orgPkcs12(password: string): Buffer {
  const make = (cn: string, keys: forge.pki.rsa.KeyPair, issuer: { cn: string; key: forge.pki.rsa.PrivateKey }, ca: boolean) => {
    const c = forge.pki.createCertificate();
    c.publicKey = keys.publicKey;
    c.serialNumber = ca ? '01' : '02';
    c.validity.notBefore = new Date(Date.now() - 86_400_000);
    c.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
    c.setSubject([
      { name: 'commonName', value: cn },
      { name: 'organizationName', value: 'ACME Corp' },
    ]);
    c.setIssuer([
      { name: 'commonName', value: issuer.cn },
      { name: 'organizationName', value: 'ACME Corp' },
    ]);
    c.setExtensions([{ name: 'basicConstraints', cA: ca }]);
    c.sign(issuer.key, forge.md.sha256.create());
    return c;
  };
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = make('ACME Root CA', caKeys, { cn: 'ACME Root CA', key: caKeys.privateKey }, true);
  const leafKeys = forge.pki.rsa.generateKeyPair(2048);
  const leaf = make('Omar Haddad', leafKeys, { cn: 'ACME Root CA', key: caKeys.privateKey }, false);
  const p12 = forge.pkcs12.toPkcs12Asn1(leafKeys.privateKey, [leaf, ca], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

describe('drillbook keys', () => {
  it('init refuses to replace an identity without --force', () => {
    expect(cli(['keys', 'init', '--name', 'Jane Doe', '--data-dir', run.dataDir]).status).toBe(0);
    const again = cli(['keys', 'init', '--name', 'Someone Else', '--data-dir', run.dataDir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists.*--force/);
  });

  it('a wrong passphrase is a clear error and nothing is written', async () => {
    const out = path.join(base, 'wrong.pdf');
    const r = cli(['report', run.runDir, '--pdf', out, '--data-dir', run.dataDir], { DRILLBOOK_PASSPHRASE: 'not the passphrase' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^drillbook report: .*identity\.key: wrong passphrase \(or the file is damaged\)$/m);
    await expect(readFile(out)).rejects.toThrow();
  });

  it('without a terminal or DRILLBOOK_PASSPHRASE it says how to give one', () => {
    const r = cli(['report', run.runDir, '--pdf', path.join(base, 'x.pdf'), '--data-dir', run.dataDir], { DRILLBOOK_PASSPHRASE: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/set DRILLBOOK_PASSPHRASE or run in a terminal/);
  });

  it('imports an organisation PKCS#12; the report names its issuer', async () => {
    const p12 = path.join(base, 'omar.p12');
    await writeFile(p12, orgPkcs12('org-secret'));
    const bad = cli(['keys', 'import', p12, '--force', '--data-dir', run.dataDir], { DRILLBOOK_P12_PASSWORD: 'nope' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/cannot open the PKCS#12 file \(wrong password/);
    const ok = cli(['keys', 'import', p12, '--force', '--data-dir', run.dataDir], { DRILLBOOK_P12_PASSWORD: 'org-secret' });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/Signer:\s+Omar Haddad, ACME Corp/);
    expect(ok.stdout).toMatch(/issued by CN=ACME Root CA/);
    const pdf = path.join(base, 'org.pdf');
    expect(cli(['report', run.runDir, '--pdf', pdf, '--data-dir', run.dataDir]).status).toBe(0);
    expect(pdfsig(pdf)).toContain('Signature is Valid.');
    const v = cli(['verify', pdf, '--run', run.runDir, '--data-dir', run.dataDir]);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/Signed by:\s+Omar Haddad, ACME Corp — certificate CN=Omar Haddad, O=ACME Corp, issued by CN=ACME Root CA/);
  });

  it('no passphrase or private key appears in a PDF, its streams, or any output', async () => {
    const { ed25519, x509 } = await unlockIdentity(keysDirOf(run.dataDir), PASSPHRASE);
    const body = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    const secrets = [
      PASSPHRASE,
      'org-secret',
      body(ed25519.export({ type: 'pkcs8', format: 'pem' }).toString()).slice(0, 40),
      body(x509.keyPem).slice(40, 80),
    ];
    const ed25519Raw = ed25519.export({ format: 'jwk' }).d!;
    const pdf = await readFile(path.join(base, 'org.pdf'));
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const streams = doc.context
      .enumerateIndirectObjects()
      .flatMap(([, o]) => (o instanceof PDFRawStream ? [Buffer.from(decodePDFRawStream(o).decode())] : []));
    const texts = [
      pdf.toString('latin1'),
      ...streams.map((s) => s.toString('latin1')),
      pdftotext(path.join(base, 'org.pdf')),
      ...outputs.flatMap((o) => [o.stdout, o.stderr]),
    ];
    for (const t of texts) {
      for (const s of [...secrets, ed25519Raw]) expect(t).not.toContain(s);
    }
    const identity = await readFile(path.join(keysDirOf(run.dataDir), 'identity.json'), 'utf8');
    const sealed = await readFile(path.join(keysDirOf(run.dataDir), 'identity.key'), 'utf8');
    for (const s of secrets) expect(identity + sealed).not.toContain(s);
  });
});
