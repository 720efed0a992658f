// Manifests in `sha256sum` format ("<hex>  <path>", text mode, one line per file, sorted), so
// `sha256sum -c` checks them with nothing else installed. GNU sha256sum escapes a name with a
// backslash or a line break; no name in a pack may have one (run ids and evidence names never do).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { hashFile } from '../report/evidence-excerpts';

export interface ManifestLine {
  /** Relative to the pack root, with forward slashes. */
  file: string;
  sha256: string;
}

export async function hashFiles(root: string, files: string[]): Promise<ManifestLine[]> {
  const out: ManifestLine[] = [];
  for (const file of [...files].sort()) {
    if (/[\\\n\r]/.test(file)) throw new Error(`${file}: a file name with a backslash or line break cannot be listed for sha256sum -c`);
    out.push({ file, sha256: (await hashFile(path.join(root, ...file.split('/')))).sha256 });
  }
  return out;
}

export const manifestText = (lines: ManifestLine[]) => lines.map((l) => `${l.sha256}  ${l.file}\n`).join('');

export const sha256Hex = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
