// The report commands' part of the contract (core/api.ts spreads these in): zod inputs and the
// shapes that cross to the UI. A passphrase is an input only: no output, event or error carries
// it. Types only from verify.ts, so the renderer bundle never pulls in pdf-lib.
import { z } from 'zod';
import { actor, id as runId } from '../contract-fields';
import type { VerifyResult } from './verify';

/** Not trimmed: spaces may be part of it. */
const passphrase = z.string().min(1).max(1024);

/** An IANA zone the engine's Intl knows (local times beside UTC in the report). */
const timeZone = z
  .string()
  .min(1)
  .max(100)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'not a known time zone (use an IANA name such as Europe/Berlin)' },
  );

export const MIN_NEW_PASSPHRASE = 8;

export const reportCommandInputs = {
  /** The signing identity in <dataDir>/keys: public facts only. */
  keysStatus: z.object({}).strict(),
  /**
   * Create the signing identity (Ed25519 key + self-signed X.509 certificate). The passphrase
   * may be left out only where the host keeps one (desktop app: a random one, in safeStorage).
   */
  initKeys: z
    .object({
      name: z.string().trim().min(1).max(200),
      org: z.string().trim().max(200).optional(),
      passphrase: z
        .string()
        .min(MIN_NEW_PASSPHRASE, { error: `the passphrase must have at least ${MIN_NEW_PASSPHRASE} characters` })
        .max(1024)
        .optional(),
    })
    .strict(),
  /** The report as it would be signed now, unsigned and marked so (HTML, no scripts). */
  previewReport: z.object({ runId, timeZone: timeZone.optional() }).strict(),
  /** Sign the run's report and keep it in runs/<id>/reports/; the passphrase unless the host keeps it. */
  exportReport: z.object({ runId, actor, timeZone: timeZone.optional(), passphrase: passphrase.optional() }).strict(),
  /** Check the run's newest report: both signatures, then the run folder against the record. */
  verifyRunReport: z.object({ runId }).strict(),
} as const;

export interface KeysStatus {
  exists: boolean;
  name?: string;
  org?: string;
  /** SHA-256 (hex) of the signer certificate: what an auditor pins. */
  certSha256?: string;
  createdAt?: string;
  /** The host keeps this identity's passphrase (desktop app): exporting does not ask for it. */
  passphraseKept: boolean;
  /** initKeys may leave the passphrase out (the host makes and keeps a random one). */
  canKeepPassphrase: boolean;
}

export interface ExportReportResult {
  /** The signed PDF, kept with the run (runs/<id>/reports/...). */
  file: string;
  generatedAt: string;
  /** SHA-256 (hex) of the canonical run record the Ed25519 signature covers. */
  recordSha256: string;
  signer: { name: string; org?: string; certSha256: string };
  /** The same signed PDF's bytes (base64), so browser mode can offer it as a download. */
  pdfBase64: string;
}

export interface ReportPreview {
  html: string;
}

export type RunReportVerification = VerifyResult & {
  /** The report that was checked (the run's newest). */
  file: string;
};

export interface ReportOutputs {
  keysStatus: KeysStatus;
  initKeys: KeysStatus;
  previewReport: ReportPreview;
  exportReport: ExportReportResult;
  verifyRunReport: RunReportVerification;
}
