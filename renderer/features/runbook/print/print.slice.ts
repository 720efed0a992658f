// What the "Print checklist" button asks the engine: the paper checklist PDF of one version.
import type { CommandOutputs } from '../../../../core/api';
import type { SliceCreator } from '../../../store/types';

export interface PrintSlice {
  printChecklist(id: string, version: string): Promise<CommandOutputs['printChecklist']>;
}

export const createPrintSlice: SliceCreator<PrintSlice> = (_set, _get, api) => ({
  printChecklist: (id, version) => api.printChecklist({ id, version }),
});
