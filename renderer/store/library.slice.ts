// The runbook library, the list of runs, and the one runbook version being previewed.
import type { CommandOutputs, Library, RunSummary } from '../../core/api';
import { guarded, type SliceCreator } from './types';

export type RunbookDetail = CommandOutputs['getRunbook'] & { key: string };

export interface LibrarySlice {
  library?: Library;
  runs?: RunSummary[];
  query: string;
  detail?: RunbookDetail;
  detailError?: string;
  setQuery(q: string): void;
  loadLibrary(): Promise<void>;
  loadRuns(): Promise<void>;
  loadRunbook(id: string, version: string): Promise<void>;
}

/**
 * Every run's events reload the run list on the library page: while one listing is in flight,
 * later asks wait for it and then share one more listing (a busy run's ticks, and each listing
 * checks its reports' signatures when their files changed).
 */
export const createLibrarySlice: SliceCreator<LibrarySlice> = (set, get, api) => {
  let listing: Promise<void> | undefined;
  let again: Promise<void> | undefined;
  return {
    query: '',
    setQuery: (query) => set({ query }),
    async loadLibrary() {
      const library = await guarded(get, 'Loading the runbook library', () => api.listRunbooks({}));
      if (library) set({ library });
    },
    loadRuns() {
      const once = async () => {
        const runs = await guarded(get, 'Loading runs', () => api.listRuns({}));
        if (runs) set({ runs: [...runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt)) });
      };
      if (!listing) {
        listing = once().finally(() => (listing = undefined));
        return listing;
      }
      again ??= listing.then(() => {
        again = undefined;
        return get().loadRuns();
      });
      return again;
    },
    async loadRunbook(id, version) {
      const key = `${id}@${version}`;
      set({ detailError: undefined });
      try {
        const d = await api.getRunbook({ id, version });
        // Ignore a late reply for a version the user has already navigated away from.
        const r = get().route;
        if (r.name === 'runbook' && `${r.id}@${r.version}` === key) set({ detail: { ...d, key } });
      } catch (e) {
        // Shown in place (an invalid file is a normal state here, not a transient failure).
        set({ detail: undefined, detailError: e instanceof Error ? e.message : String(e) });
      }
    },
  };
};
