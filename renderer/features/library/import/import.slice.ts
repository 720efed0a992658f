// The import screen's calls: convert a document to a draft (nothing written), save the draft.
import type { CommandInput, CommandOutputs } from '../../../../core/api';
import type { SliceCreator } from '../../../store/types';

export interface ImportSlice {
  previewImport(input: CommandInput<'previewImport'>): Promise<CommandOutputs['previewImport']>;
  /** Saves, then reloads the library so it lists the new runbook. */
  saveImport(input: CommandInput<'saveImport'>): Promise<CommandOutputs['saveImport']>;
}

export const createImportSlice: SliceCreator<ImportSlice> = (_set, get, api) => ({
  previewImport: (input) => api.previewImport(input),
  async saveImport(input) {
    const saved = await api.saveImport(input);
    await get().loadLibrary();
    return saved;
  },
});
