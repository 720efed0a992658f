// S3, when it is set up: the Settings block and write-only keys, "test connection", library
// pull/publish with its sync line, and per-run archive. Failures are shown next to the button
// that caused them (S3 is optional: an unreachable bucket is not an app-wide error banner).
import type {
  ArchiveOverview,
  ArchiveResult,
  ConnectionReport,
  LibrarySyncStatus,
  PullResult,
  PushResult,
  S3CredentialsState,
  S3Settings,
} from '../../core/api';
import type { SliceCreator } from './types';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export type ArchiveAttempt = { busy: true } | { busy: false; result: ArchiveResult } | { busy: false; error: string };

export interface S3Slice {
  s3Credentials?: S3CredentialsState;
  s3CredentialsError?: string;
  s3Testing: boolean;
  s3Connection?: ConnectionReport;
  s3ConnectionError?: string;
  syncStatus?: LibrarySyncStatus;
  /** What the library's S3 buttons are doing right now. */
  libraryBusy?: 'pulling' | 'publishing';
  lastPull?: PullResult;
  /** The "Publish…" dialog (its own flag: the run screen owns the ui slice's dialogs). */
  publishOpen: boolean;
  setPublishOpen(open: boolean): void;
  pullError?: string;
  archive?: ArchiveOverview;
  /** The latest archive click per run (while busy, and its outcome). */
  archiveAttempts: Record<string, ArchiveAttempt>;
  /** Saves the whole block (null removes it); returns the host's complaint, if any. */
  saveS3Settings(block: S3Settings | null): Promise<string | undefined>;
  loadS3Credentials(): Promise<void>;
  storeS3Credentials(accessKeyId: string, secretAccessKey: string): Promise<boolean>;
  forgetS3Credentials(): Promise<void>;
  testS3Connection(): Promise<void>;
  loadSyncStatus(): Promise<void>;
  pullLibrary(): Promise<void>;
  publishVersions(versions: { id: string; version: string }[]): Promise<PushResult | string>;
  loadArchive(): Promise<void>;
  archiveRun(runId: string): Promise<void>;
}

export const createS3Slice: SliceCreator<S3Slice> = (set, get, api) => ({
  s3Testing: false,
  archiveAttempts: {},
  publishOpen: false,
  setPublishOpen: (publishOpen) => set({ publishOpen }),
  async saveS3Settings(block) {
    try {
      const settings = await api.updateSettings({ s3: block });
      set({ settings, s3Connection: undefined, s3ConnectionError: undefined });
      void get().loadSyncStatus();
      return undefined;
    } catch (e) {
      return message(e).replace(/^updateSettings: /, '');
    }
  },
  async loadS3Credentials() {
    try {
      set({ s3Credentials: await api.getS3Credentials({}), s3CredentialsError: undefined });
    } catch (e) {
      set({ s3CredentialsError: message(e) });
    }
  },
  async storeS3Credentials(accessKeyId, secretAccessKey) {
    try {
      set({
        s3Credentials: await api.setS3Credentials({ accessKeyId, secretAccessKey }),
        s3CredentialsError: undefined,
        s3Connection: undefined,
      });
      return true;
    } catch (e) {
      set({ s3CredentialsError: message(e) });
      return false;
    }
  },
  async forgetS3Credentials() {
    try {
      set({ s3Credentials: await api.clearS3Credentials({}), s3CredentialsError: undefined, s3Connection: undefined });
    } catch (e) {
      set({ s3CredentialsError: message(e) });
    }
  },
  async testS3Connection() {
    if (get().s3Testing) return;
    set({ s3Testing: true, s3Connection: undefined, s3ConnectionError: undefined });
    try {
      set({ s3Connection: await api.s3TestConnection({}) });
    } catch (e) {
      set({ s3ConnectionError: message(e) });
    } finally {
      set({ s3Testing: false });
    }
  },
  async loadSyncStatus() {
    try {
      set({ syncStatus: await api.librarySyncStatus({}) });
    } catch {
      // The line just stays as it was; the library itself is unaffected.
    }
  },
  async pullLibrary() {
    if (get().libraryBusy) return;
    set({ libraryBusy: 'pulling', pullError: undefined, lastPull: undefined });
    try {
      set({ lastPull: await api.libraryPull({}) });
      void get().loadLibrary();
    } catch (e) {
      set({ pullError: message(e) });
    } finally {
      set({ libraryBusy: undefined });
      void get().loadSyncStatus();
    }
  },
  async publishVersions(versions) {
    if (get().libraryBusy) return 'another S3 action is still running';
    set({ libraryBusy: 'publishing' });
    try {
      return await api.libraryPush({ versions });
    } catch (e) {
      return message(e);
    } finally {
      set({ libraryBusy: undefined });
    }
  },
  async loadArchive() {
    try {
      set({ archive: await api.archiveQueue({}) });
    } catch {
      // Only the archive badges are missing; the run list is unaffected.
    }
  },
  async archiveRun(runId) {
    if (get().archiveAttempts[runId]?.busy) return;
    const put = (a: ArchiveAttempt) => set({ archiveAttempts: { ...get().archiveAttempts, [runId]: a } });
    put({ busy: true });
    try {
      put({ busy: false, result: await api.archiveRun({ runId }) });
    } catch (e) {
      put({ busy: false, error: message(e) });
    }
    void get().loadArchive();
  },
});
