// The report commands the Engine serves: the signing identity's status and creation,
// the unsigned preview, sign-and-export, and verify. Kept beside the report code so engine.ts
// stays composition.
//
// The passphrase lives in memory for one call: never logged, journalled, written to settings,
// or put in an error message. Where the host has a persistent SecretStore (the desktop app:
// safeStorage), initKeys keeps the passphrase there, bound to the identity's certificate, and
// exportReport takes it from there; elsewhere (browser mode) it comes with each request.
import { randomBytes, createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors';
import { WrongPassphraseError } from '../keys/envelope';
import { loadTrust } from '../keys/trust';
import { IDENTITY_FILE, initIdentity, keysDirOf, readIdentity, SEALED_FILE, unlockIdentity, type PublicIdentity } from '../keys/identity';
import { Mutex } from '../mutex';
import { isRunId } from '../run/run-id';
import { SECRET_NAMES, type SecretStore } from '../secrets';
import { ReportBadgeChecks, type ListedReports } from '../register/report-badge-checks';
import { listReports } from '../report/report-files';
import { recordBytes } from '../report/canonical-record';
import { exportReport } from '../report/export-report';
import type { PdfRenderer } from '../report/pdf-port';
import { previewReport } from '../report/preview';
import type { ExportReportResult, KeysStatus, ReportPreview, RunReportVerification } from '../report/report-contract';
import { verifyReport } from '../report/verify';

export interface ReportServiceOptions {
  dataDir: string;
  /** A run's folder by its id (the engine's run cache knows runs outside runs/). */
  runDir(runId: string): string;
  now: () => Date;
  /** Absent: exportReport says so (preview, keys and verify still work). */
  pdfRenderer?: PdfRenderer;
  /** A persistent one (desktop app) keeps the signing passphrase; a memory one is not used. */
  secrets?: SecretStore;
  /** Reports listingBadges answered "checking" for have been verified (the run list reloads). */
  reportsChecked?: () => void;
}

interface KeptPassphrase {
  certSha256: string;
  passphrase: string;
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export class ReportService {
  private readonly keysDir: string;
  /** One identity change or signing at a time: two exports of one run in the same second would
   * name the same archive file, and each holds a Chromium page. */
  private readonly lock = new Mutex();

  private readonly badgeChecks: ReportBadgeChecks;

  constructor(private readonly o: ReportServiceOptions) {
    this.keysDir = keysDirOf(o.dataDir);
    this.badgeChecks = new ReportBadgeChecks({ checked: () => o.reportsChecked?.() });
  }

  async keysStatus(): Promise<KeysStatus> {
    const id = await readIdentity(this.keysDir);
    const canKeepPassphrase = this.keeps() !== undefined;
    if (!id) return { exists: false, passphraseKept: false, canKeepPassphrase };
    return {
      exists: true,
      ...publicFacts(id),
      createdAt: id.createdAt,
      passphraseKept: (await this.keptFor(id)) !== undefined,
      canKeepPassphrase,
    };
  }

  initKeys(i: { name: string; org?: string; passphrase?: string }): Promise<KeysStatus> {
    return this.lock.run(async () => {
      if (await readIdentity(this.keysDir)) {
        throw new ApiError(
          'conflict',
          `a signing identity already exists in ${this.keysDir}; replace it with \`drillbook keys init --force\``,
        );
      }
      const store = this.keeps();
      if (!i.passphrase && !store) throw new ApiError('bad_request', 'initKeys: a passphrase is required to protect the signing key');
      // Random where the host keeps it: nobody has to remember it, and it is never typed.
      const passphrase = i.passphrase || randomBytes(32).toString('base64url');
      const org = i.org?.trim() || undefined;
      const id = await initIdentity(this.keysDir, { name: i.name, ...(org ? { org } : {}), passphrase, now: this.o.now() });
      if (store) {
        const kept: KeptPassphrase = { certSha256: id.certSha256, passphrase };
        try {
          await store.set(SECRET_NAMES.signingPassphrase, JSON.stringify(kept));
        } catch (err) {
          // A chosen passphrase still works (exports will ask for it). A random one nobody kept
          // could never sign: take the identity back.
          if (!i.passphrase) {
            await Promise.all([IDENTITY_FILE, SEALED_FILE].map((f) => rm(path.join(this.keysDir, f), { force: true })));
            throw new ApiError(
              'invalid_state',
              `the signing passphrase cannot be kept securely here (${(err as Error).message}); no identity was created: choose a passphrase instead`,
            );
          }
        }
      }
      return this.keysStatus();
    });
  }

  async previewReport(i: { runId: string; timeZone?: string }): Promise<ReportPreview> {
    const runDir = await this.runDir(i.runId);
    try {
      const { html } = await previewReport({ runDir, now: this.o.now(), timeZone: i.timeZone ?? localZone() });
      return { html };
    } catch (err) {
      throw new ApiError('invalid_state', `run ${i.runId}: no report can be made: ${(err as Error).message}`);
    }
  }

  async exportReport(i: { runId: string; actor: string; timeZone?: string; passphrase?: string }): Promise<ExportReportResult> {
    const runDir = await this.runDir(i.runId);
    const renderer = this.o.pdfRenderer;
    if (!renderer)
      throw new ApiError(
        'invalid_state',
        'this Drillbook host cannot make PDFs (no PDF renderer); use the desktop app, `drillbook serve` or `drillbook report`',
      );
    return this.lock.run(async () => {
      const id = await readIdentity(this.keysDir);
      if (!id) throw new ApiError('invalid_state', 'there is no signing identity yet: create one in Settings → Signing identity');
      const passphrase = i.passphrase ?? (await this.keptFor(id));
      if (!passphrase) throw new ApiError('bad_request', 'exportReport: the passphrase of the signing key is required');
      let identity;
      try {
        identity = await unlockIdentity(this.keysDir, passphrase);
      } catch (err) {
        if (err instanceof WrongPassphraseError)
          throw new ApiError('bad_request', 'wrong passphrase for the signing key (or its key file is damaged)');
        throw new ApiError('invalid_state', `the signing identity cannot be used: ${(err as Error).message}`);
      }
      let signed;
      try {
        // Engine.exportReport opened the run first: its leftover attempts are recorded.
        signed = await exportReport({
          runDir,
          identity,
          renderer,
          now: this.o.now(),
          timeZone: i.timeZone ?? localZone(),
          leftoversRecorded: true,
        });
      } catch (err) {
        const message = (err as Error).message;
        const refused = /refusing to sign/.test(message);
        throw new ApiError(refused ? 'conflict' : 'internal', `run ${i.runId}: the report was not signed: ${message}`);
      }
      const { record } = signed;
      return {
        file: signed.file,
        generatedAt: record.report.generatedAt,
        recordSha256: createHash('sha256').update(recordBytes(record)).digest('hex'),
        signer: {
          name: record.signer.name,
          ...(record.signer.org ? { org: record.signer.org } : {}),
          certSha256: record.signer.certSha256,
        },
        pdfBase64: Buffer.from(signed.pdf).toString('base64'),
      };
    });
  }

  async verifyRunReport(i: { runId: string }): Promise<RunReportVerification> {
    const runDir = await this.runDir(i.runId);
    const file = (await listReports(runDir)).at(-1);
    if (!file) throw new ApiError('not_found', `run ${i.runId} has no signed report yet`);
    const result = await verifyReport(await readFile(file), { runDir, trusted: await loadTrust(this.o.dataDir) });
    return { file, ...result };
  }

  /**
   * Each run folder's signed reports and the newest one's verdict as far as it is known now
   * (kept while the files are unchanged), else "checking": those are verified in the
   * background, as the register checks them (whom `drillbook verify` trusts), and
   * `reportsChecked` is called when a batch is done.
   */
  async listingBadges(runDirs: string[]): Promise<ListedReports[]> {
    return this.badgeChecks.list(runDirs, await loadTrust(this.o.dataDir));
  }

  /** Stops the background checks of listingBadges; resolves when the running ones are done. */
  close(): Promise<void> {
    return this.badgeChecks.close();
  }

  private async runDir(runId: string): Promise<string> {
    const dir = this.o.runDir(runId);
    if (!isRunId(runId) || !(await stat(dir).catch(() => undefined))?.isDirectory()) throw new ApiError('not_found', `no run "${runId}"`);
    return dir;
  }

  /** The store to keep passphrases in: only one that survives a restart. */
  private keeps(): SecretStore | undefined {
    return this.o.secrets?.persistent ? this.o.secrets : undefined;
  }

  /** The signing passphrase this app keeps for its identity, if it keeps one (for key-confirmed sign-offs). */
  async keptPassphrase(): Promise<string | undefined> {
    const id = await readIdentity(this.keysDir);
    return id ? this.keptFor(id) : undefined;
  }

  /** The kept passphrase, if it belongs to this identity (it may have been replaced by the CLI). */
  private async keptFor(id: PublicIdentity): Promise<string | undefined> {
    const store = this.keeps();
    // A locked or unavailable keychain means "ask", not a broken Settings screen.
    const raw = store ? await store.get(SECRET_NAMES.signingPassphrase).catch(() => undefined) : undefined;
    if (!raw) return undefined;
    try {
      const kept = JSON.parse(raw) as Partial<KeptPassphrase>;
      return kept.certSha256 === id.certSha256 && typeof kept.passphrase === 'string' ? kept.passphrase : undefined;
    } catch {
      return undefined;
    }
  }
}

function publicFacts(id: PublicIdentity): { name: string; org?: string; certSha256: string } {
  return { name: id.name, ...(id.org ? { org: id.org } : {}), certSha256: id.certSha256 };
}
