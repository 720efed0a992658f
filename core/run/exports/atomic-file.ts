// Replace a file in one step: write a temporary file beside it, fsync, rename over. A reader (a
// CI server, node_exporter's textfile collector) sees the old file or the new one, never half of
// one. The temporary name does not end in .prom, so the collector never reads it.
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { syncDir, writeNewFile } from '../durable';

export async function replaceFile(file: string, bytes: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeNewFile(temp, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dir);
}
