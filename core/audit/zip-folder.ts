// A finished pack folder as one .zip (yazl), every file under one top folder so unzipping never
// scatters files into the auditor's current folder. Written to a file that must not exist.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/** `opened`: the .zip now exists (it was created by this call); `done`: it is complete. */
export function zipFolder(root: string, files: string[], top: string, out: string): { opened: Promise<void>; done: Promise<void> } {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addFile(path.join(root, ...f.split('/')), `${top}/${f}`);
  zip.end();
  const file = createWriteStream(out, { flags: 'wx' });
  const opened = new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', reject);
  });
  const done = pipeline(zip.outputStream, file);
  done.catch(() => undefined);
  return { opened, done };
}
