// `drillbook verify`: both signatures of a report, and (given the run folder) that the journal
// and evidence still match what was signed. Every check says what it compared; ok only when
// all of them hold.
import { createHash } from 'node:crypto';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import { describeCert } from '../keys/certificate';
import { parseRecord, type RunRecord } from './canonical-record';
import { readEmbedded } from './embed';
import { verifyPades } from './pades-verify';
import { readJournal } from '../run/journal';
import { runChecks } from './run-checks';
import { verifyEd25519 } from './signing';
import { unrecordedEvidenceCheck } from './unrecorded-evidence';
import { normalizeSha256, TRUST_FILE, type TrustList } from '../keys/trust';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  signer?: { name: string; org?: string; certSha256: string; subject?: string; issuer?: string; selfSigned?: boolean };
  signedAt?: string;
  record?: RunRecord;
  checks: Check[];
}

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

export interface VerifyOptions {
  /** The run folder the report is about: its journal and evidence are checked too. */
  runDir?: string;
  /** SHA-256 (hex) of the certificate the report must be signed with (the trust anchor). */
  signerSha256?: string;
  /** Certificates trusted without --signer (core/keys/trust.ts); a signer outside it fails. */
  trusted?: TrustList;
}

export async function verifyReport(pdf: Buffer, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const checks: Check[] = [];
  const pades = verifyPades(pdf);
  checks.push({ name: 'pdf-signature', ok: pades.ok, detail: pades.detail });

  let record: RunRecord | undefined;
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    const embedded = readEmbedded(doc);
    if (typeof embedded === 'string') throw new Error(embedded);
    record = parseRecord(embedded.record);
    const sameKey = der(embedded.publicKeyPem).equals(der(record.signer.ed25519PublicKey));
    const good = sameKey && verifyEd25519(embedded.record, embedded.signature, record.signer.ed25519PublicKey);
    const detail = !sameKey
      ? 'the attached public key is not the one the record names'
      : good
        ? `Ed25519 signature valid over the ${embedded.record.length}-byte run record`
        : 'the Ed25519 signature does not match the embedded run record: the record was changed';
    checks.push({ name: 'record-signature', ok: good, detail });
  } catch (err) {
    checks.push({ name: 'record-signature', ok: false, detail: `cannot read the embedded run record: ${(err as Error).message}` });
  }

  const certPem = pades.certificatePem;
  const certSha = certPem ? createHash('sha256').update(der(certPem)).digest('hex') : undefined;
  if (record && certSha) {
    const ok = certSha === record.signer.certSha256;
    checks.push({
      name: 'signer',
      ok,
      detail: ok
        ? `the PDF was signed with the certificate the record names (SHA-256 ${certSha})`
        : `the PDF was signed with certificate ${certSha}, the record names ${record.signer.certSha256}`,
    });
  }
  if (opts.signerSha256) {
    const want = normalizeSha256(opts.signerSha256);
    const ok = certSha === want;
    checks.push({
      name: 'expected-signer',
      ok,
      detail: ok ? 'signed with the expected certificate' : `signed with certificate ${certSha ?? '(none)'}, expected ${want}`,
    });
  } else if (opts.trusted) {
    const who = certSha ? opts.trusted.get(certSha) : undefined;
    checks.push({
      name: 'trusted-signer',
      ok: who !== undefined,
      detail: who
        ? `the signing certificate is trusted here: ${who}`
        : `intact or not, the signer is not trusted: certificate SHA-256 ${certSha ?? '(none)'} is neither this machine's identity nor in ${TRUST_FILE}; check it with its owner, then \`drillbook keys trust ${certSha ?? 'SHA256'} --name NAME\` or pass --signer`,
    });
  }
  if (record && opts.runDir) {
    // Read once for both: a long journal takes most of the time of `verify --run`.
    const journal = readJournal(opts.runDir);
    checks.push(...(await runChecks(opts.runDir, record, journal)), await unrecordedEvidenceCheck(opts.runDir, journal));
  }

  const cert = certPem ? describeCert(certPem) : undefined;
  const signer = record
    ? {
        name: record.signer.name,
        ...(record.signer.org ? { org: record.signer.org } : {}),
        certSha256: certSha ?? record.signer.certSha256,
        ...(cert ? { subject: cert.subject, issuer: cert.issuer, selfSigned: cert.selfSigned } : {}),
      }
    : undefined;
  const signedAt = pades.signingTime?.toISOString() ?? record?.report.generatedAt;
  return {
    ok: checks.every((c) => c.ok),
    ...(signer ? { signer } : {}),
    ...(signedAt ? { signedAt } : {}),
    ...(record ? { record } : {}),
    checks,
  };
}
