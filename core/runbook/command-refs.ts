// Lint's view of where each `{{param}}` of a bash/sh block stands: the same scanner the start
// path renders with, so a reference the run would refuse is an error here, at the reference.
import { scanRefs, UnsafeRef } from '../exec/shell-scan';
import type { ToFile } from './body-position';
import type { Diagnostics } from './source';

export function checkCommandRefs(script: string, toFile: ToFile, diag: Diagnostics): void {
  try {
    scanRefs(script);
  } catch (err) {
    if (!(err instanceof UnsafeRef)) throw err;
    const { line, column } = toFile(err.index);
    diag.atPos(line, column, `${err.ref} ${err.where.replaceAll('{{name}}', err.ref)}`);
  }
}
