// The register's state: the register itself, the history on screen, and a team sync under way.
// Read on navigation (and after a reconnect); a sync reloads what is shown when it is done.
import type { Register, RunbookHistory, TeamSyncResult } from '../../../core/api';
import { guarded, type SliceCreator } from '../../store/types';

export interface RegisterSlice {
  register?: Register;
  history?: RunbookHistory;
  teamSync: { busy: boolean; result?: TeamSyncResult };
  loadRegister(): Promise<void>;
  loadHistory(runbookId: string): Promise<void>;
  syncTeam(): Promise<void>;
}

export const createRegisterSlice: SliceCreator<RegisterSlice> = (set, get, api) => ({
  teamSync: { busy: false },
  async loadRegister() {
    const register = await guarded(get, 'Loading the register', () => api.getRegister({}));
    if (register) set({ register });
  },
  async loadHistory(runbookId) {
    if (get().history?.runbookId !== runbookId) set({ history: undefined });
    const history = await guarded(get, `Loading the history of ${runbookId}`, () => api.getHistory({ runbookId }));
    if (history) set({ history });
  },
  async syncTeam() {
    set({ teamSync: { busy: true } });
    const result = await guarded(get, 'Syncing the team archive', () => api.syncTeamRuns({}));
    set({ teamSync: { busy: false, ...(result ? { result } : {}) } });
    const r = get().route;
    if (r.name === 'register') await get().loadRegister();
    if (r.name === 'history') await get().loadHistory(r.runbookId);
  },
});
