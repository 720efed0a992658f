// What the editor and the import screen ask the engine: the base text, lint of a draft, and
// saving a new version. The screens keep the draft themselves (it is theirs until saved).
import type { CommandInput, CommandOutputs } from '../../../core/api';
import type { SliceCreator } from '../../store/types';

export interface EditorSlice {
  loadEditBase(id: string, version: string): Promise<CommandOutputs['getRunbook']>;
  lintDraft(text: string, fileName: string): Promise<CommandOutputs['lintDraft']>;
  /** Saves, then reloads the library so it lists the new version. */
  saveVersion(input: CommandInput<'saveVersion'>): Promise<CommandOutputs['saveVersion']>;
}

export const createEditorSlice: SliceCreator<EditorSlice> = (_set, get, api) => ({
  loadEditBase: (id, version) => api.getRunbook({ id, version }),
  lintDraft: (text, fileName) => api.lintDraft({ text, fileName }),
  async saveVersion(input) {
    const saved = await api.saveVersion(input);
    await get().loadLibrary();
    return saved;
  },
});
