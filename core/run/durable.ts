// Durability helpers: a file is only "written" once its bytes and its directory entry are synced.
import { open } from 'node:fs/promises';

/** Create `file` (must not exist) with `bytes`, fsynced before resolving. */
export async function writeNewFile(file: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(file, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Make new directory entries durable. Windows cannot open a directory: there it is a no-op. */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await fh.sync();
  } catch (err) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await fh.close();
  }
}
