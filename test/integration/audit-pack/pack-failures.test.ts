// What exists after `makeAuditPack` is a whole pack or nothing: a pack whose PDF cannot be made
// leaves no folder, no .zip and no staging folder; an existing output, even an empty folder, is
// refused before any work and left as it was.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuditPack, PackTargetError, type PackRequest } from '../../../core/audit/make-pack';
import { initIdentity, keysDirOf, unlockIdentity } from '../../../core/keys/identity';
import { readProgramme } from '../../../core/register/programme';
import type { PdfRenderer } from '../../../core/report/pdf-port';
import { makeProgramme } from './programme-runs';

let base: string;
let request: Omit<PackRequest, 'out' | 'renderer'>;
const broken: PdfRenderer = {
  async htmlToPdf() {
    throw new Error('Chromium crashed');
  },
};

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-audit-fail-'));
  const { dataDir, libDir } = await makeProgramme(base);
  const keysDir = keysDirOf(dataDir);
  await initIdentity(keysDir, { name: 'Jane Doe', passphrase: 'a long passphrase 42', now: new Date() });
  const now = new Date('2026-12-01T12:00:00.000Z');
  request = {
    programme: await readProgramme({ dataDir, runbookDirs: [libDir], now, teamConfigured: false }),
    from: new Date('2026-10-01T00:00:00.000Z'),
    to: new Date('2026-11-30T23:59:59.999Z'),
    identity: await unlockIdentity(keysDir, 'a long passphrase 42'),
    now,
  };
}, 120_000);
afterAll(() => rm(base, { recursive: true, force: true }));

describe('makeAuditPack leaves a whole pack or nothing', () => {
  it('removes the folder it was filling when the summary PDF fails', async () => {
    const out = path.join(base, 'pack');
    await expect(makeAuditPack({ ...request, out, renderer: broken })).rejects.toThrow('Chromium crashed');
    expect((await readdir(base)).filter((n) => n === 'pack' || n.startsWith('.audit-pack-'))).toEqual([]);
  });

  it('leaves no .zip and no staging folder when the summary PDF fails', async () => {
    const out = path.join(base, 'pack.zip');
    await expect(makeAuditPack({ ...request, out, renderer: broken })).rejects.toThrow('Chromium crashed');
    expect((await readdir(base)).filter((n) => n.startsWith('pack') || n.startsWith('.audit-pack-'))).toEqual([]);
  });

  it('refuses an existing empty folder and an existing file, and leaves them as they were', async () => {
    const dir = path.join(base, 'taken');
    await mkdir(dir);
    await expect(makeAuditPack({ ...request, out: dir, renderer: broken })).rejects.toBeInstanceOf(PackTargetError);
    expect(await readdir(dir)).toEqual([]);
    const file = path.join(base, 'taken.zip');
    await writeFile(file, 'not mine');
    await expect(makeAuditPack({ ...request, out: file, renderer: broken })).rejects.toThrow(/already exists/);
    expect((await readdir(base)).filter((n) => n.startsWith('.audit-pack-'))).toEqual([]);
  });
});
