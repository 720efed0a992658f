// Signed reports: the signing identity, and the report screen of one run (preview,
// sign and export, verify). A passphrase never enters this store: the form that asks for it
// passes it straight to the call and forgets it.
import type { CommandInput, ExportReportResult, KeysStatus, RunReportVerification, RunView } from '../../core/api';
import type { SliceCreator } from './types';

export interface ReportScreen {
  runId: string;
  run?: RunView;
  error?: string;
  preview?: string;
  previewError?: string;
  exporting: boolean;
  exported?: ExportReportResult;
  exportError?: string;
  verifying: boolean;
  verification?: RunReportVerification;
  verifyError?: string;
}

export interface ReportSlice {
  keys?: KeysStatus;
  keysError?: string;
  loadKeys(): Promise<void>;
  /** Creates the identity; the error (if any) is returned for the form to show. */
  createKeys(input: CommandInput<'initKeys'>): Promise<string | undefined>;
  report?: ReportScreen;
  openReport(runId: string): Promise<void>;
  loadPreview(): Promise<void>;
  exportReport(passphrase?: string): Promise<boolean>;
  verifyReport(): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** The browser's zone: local times in the report are the reader's, beside UTC. */
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;

export const createReportSlice: SliceCreator<ReportSlice> = (set, get, api) => {
  /** Patch the report screen, if it still shows `runId` (replies can outlive a navigation). */
  const patch = (runId: string, p: Partial<ReportScreen>) => {
    const cur = get().report;
    if (cur?.runId === runId) set({ report: { ...cur, ...p } });
  };

  return {
    async loadKeys() {
      try {
        set({ keys: await api.keysStatus({}), keysError: undefined });
      } catch (e) {
        set({ keysError: message(e) });
      }
    },
    async createKeys(input) {
      try {
        set({ keys: await api.initKeys(input), keysError: undefined });
        return undefined;
      } catch (e) {
        return message(e);
      }
    },
    async openReport(runId) {
      if (get().report?.runId !== runId) set({ report: { runId, exporting: false, verifying: false } });
      void get().loadKeys();
      try {
        const run = await api.getRun({ runId });
        patch(runId, { run, error: undefined });
      } catch (e) {
        patch(runId, { error: message(e) });
        return;
      }
      await get().loadPreview();
    },
    async loadPreview() {
      const runId = get().report?.runId;
      if (!runId) return;
      const tz = timeZone();
      try {
        const { html } = await api.previewReport({ runId, ...(tz ? { timeZone: tz } : {}) });
        patch(runId, { preview: html, previewError: undefined });
      } catch (e) {
        patch(runId, { previewError: message(e) });
      }
    },
    async exportReport(passphrase) {
      const r = get().report;
      const actor = get().settings.actor.trim();
      if (!r || r.exporting) return false;
      if (!actor) {
        get().openDialog({ kind: 'actor' });
        return false;
      }
      patch(r.runId, { exporting: true, exportError: undefined, exported: undefined, verification: undefined, verifyError: undefined });
      const tz = timeZone();
      try {
        const exported = await api.exportReport({
          runId: r.runId,
          actor,
          ...(tz ? { timeZone: tz } : {}),
          ...(passphrase ? { passphrase } : {}),
        });
        patch(r.runId, { exporting: false, exported });
        return true;
      } catch (e) {
        patch(r.runId, { exporting: false, exportError: message(e) });
        return false;
      }
    },
    async verifyReport() {
      const r = get().report;
      if (!r || r.verifying) return;
      patch(r.runId, { verifying: true, verifyError: undefined, verification: undefined });
      try {
        patch(r.runId, { verifying: false, verification: await api.verifyRunReport({ runId: r.runId }) });
      } catch (e) {
        patch(r.runId, { verifying: false, verifyError: message(e) });
      }
    },
  };
};
