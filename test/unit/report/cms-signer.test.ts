// The node:crypto CMS signer against @signpdf's P12Signer: byte for byte the same signature
// container for the same key, certificate, PDF bytes and time (PKCS#1 v1.5 is deterministic),
// so a report signed the fast way is the report the old way signed.
import { randomBytes } from 'node:crypto';
import { P12Signer } from '@signpdf/signer-p12';
import { describe, expect, it } from 'vitest';
import { selfSigned, toPkcs12 } from '../../../core/keys/certificate';
import { CmsSigner, cmsSignable } from '../../../core/report/cms-signer';

describe('CmsSigner', () => {
  const x509 = selfSigned('Jane Doe', 'ACME Corp', new Date('2026-11-01T00:00:00Z'));
  const at = new Date('2026-11-23T10:00:00Z');

  it('produces the same CMS bytes as P12Signer', async () => {
    const { p12, password } = toPkcs12(x509);
    for (const pdf of [Buffer.from('%PDF-1.7 tiny'), randomBytes(300_000)]) {
      const fast = await new CmsSigner(x509).sign(pdf, at);
      const slow = await new P12Signer(p12, { passphrase: password }).sign(pdf, at);
      expect(fast.length).toBeGreaterThan(1000);
      expect(fast.equals(slow)).toBe(true);
    }
  });

  it('differs when the signed bytes differ', async () => {
    const s = new CmsSigner(x509);
    const a = await s.sign(Buffer.from('%PDF a'), at);
    const b = await s.sign(Buffer.from('%PDF b'), at);
    expect(a.equals(b)).toBe(false);
  });

  it('takes RSA keys only', () => {
    expect(cmsSignable(x509)).toBe(true);
  });
});
