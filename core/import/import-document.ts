// Importing one document (markdown, or HTML exported from a wiki) into a draft runbook.
import { ApiError } from '../errors';
import type { ImportOptions, ImportPreview } from './import-contract';

export interface ImportInput {
  source: string | Buffer;
  fileName: string;
  options?: ImportOptions;
}

export function importDocument(_input: ImportInput): ImportPreview {
  throw new ApiError('unavailable', 'import is not built yet');
}
