// The register's state: the register itself, the history on screen, and a team sync under way.
// Read on navigation (and after a reconnect); a sync reloads what is shown when it is done.
import type { ControlsMatrix, Register, RunbookHistory, TeamSyncResult } from '../../../core/api';
import { guarded, type SliceCreator } from '../../store/types';

export interface RegisterSlice {
  register?: Register;
  history?: RunbookHistory;
  teamSync: { busy: boolean; result?: TeamSyncResult };
  controls?: ControlsMatrix;
  /** The period the controls matrix shows (dates as typed, YYYY-MM-DD); kept while the app runs. */
  controlsPeriod: { from?: string; to?: string };
  loadRegister(): Promise<void>;
  /** With a period: show that one from now on; without: the current one again. */
  loadControls(period?: { from?: string; to?: string }): Promise<void>;
  loadHistory(runbookId: string): Promise<void>;
  syncTeam(): Promise<void>;
}

export const createRegisterSlice: SliceCreator<RegisterSlice> = (set, get, api) => ({
  teamSync: { busy: false },
  controlsPeriod: {},
  async loadRegister() {
    const register = await guarded(get, 'Loading the register', () => api.getRegister({}));
    if (register) set({ register });
  },
  async loadHistory(runbookId) {
    if (get().history?.runbookId !== runbookId) set({ history: undefined });
    const history = await guarded(get, `Loading the history of ${runbookId}`, () => api.getHistory({ runbookId }));
    if (history) set({ history });
  },
  async loadControls(period) {
    if (period) set({ controlsPeriod: period, controls: undefined });
    const asked = get().controlsPeriod;
    const controls = await guarded(get, 'Loading the controls matrix', () => api.getControls(asked));
    // A newer period asked meanwhile wins.
    if (controls && get().controlsPeriod === asked) set({ controls });
  },
  async syncTeam() {
    set({ teamSync: { busy: true } });
    const result = await guarded(get, 'Syncing the team archive', () => api.syncTeamRuns({}));
    set({ teamSync: { busy: false, ...(result ? { result } : {}) } });
    const r = get().route;
    if (r.name === 'register') await get().loadRegister();
    if (r.name === 'history') await get().loadHistory(r.runbookId);
    if (r.name === 'controls') await get().loadControls();
  },
});
