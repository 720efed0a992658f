// What the "Compare versions" panel asks the engine. The panel keeps the result itself: it is
// only ever shown there.
import type { CommandOutputs } from '../../../../core/api';
import type { SliceCreator } from '../../../store/types';

export interface CompareSlice {
  diffRunbooks(id: string, from: string, to: string): Promise<CommandOutputs['diffRunbooks']>;
}

export const createCompareSlice: SliceCreator<CompareSlice> = (_set, _get, api) => ({
  diffRunbooks: (id, from, to) => api.diffRunbooks({ from: { id, version: from }, to: { id, version: to } }),
});
