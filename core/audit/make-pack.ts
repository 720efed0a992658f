// `drillbook audit-pack`: the signed summary, the run records of the period and the manifests,
// into a new folder or a new .zip. Never overwrites: the folder is created exclusively (a .zip
// is written with O_EXCL), and a pack that fails halfway is removed, so what exists is whole.
import { lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UnlockedIdentity } from '../keys/identity';
import type { Programme } from '../register/programme';
import type { PdfRenderer } from '../report/pdf-port';
import { auditSummary, runsInPeriod, type AuditSummary } from './audit-summary';
import { copyRun } from './copy-run';
import { hashFiles, manifestText, sha256Hex } from './manifest';
import { packReadme } from './pack-readme';
import { PACK } from './pack-layout';
import { signedSummaryPdf } from './summary-pdf';
import type { PackedRun } from './summary-html';
import { zipFolder } from './zip-folder';

export interface PackRequest {
  programme: Programme;
  from: Date;
  to: Date;
  /** A folder to create, or a file ending in .zip. */
  out: string;
  identity: UnlockedIdentity;
  renderer: PdfRenderer;
  now: Date;
}

export interface PackResult {
  out: string;
  runs: PackedRun[];
  /** Every file in the pack (SHA256SUMS lists all of them but itself). */
  files: string[];
  seal: string;
  summary: AuditSummary;
}

/** Refused before any work: an existing output is never replaced. */
export class PackTargetError extends Error {}

const isZip = (out: string) => out.toLowerCase().endsWith('.zip');

export async function makeAuditPack(r: PackRequest): Promise<PackResult> {
  const out = path.resolve(r.out);
  if (await lstat(out).catch(() => undefined))
    throw new PackTargetError(`${r.out} already exists; an audit pack never replaces one: choose a new name`);
  if (!(await lstat(path.dirname(out)).catch(() => undefined))?.isDirectory())
    throw new PackTargetError(`${r.out}: the folder ${path.dirname(out)} does not exist`);
  const zip = isZip(out);
  const staging = zip ? await mkdtemp(path.join(path.dirname(out), '.audit-pack-')) : undefined;
  const root = staging ?? out;
  // Only what this call created is removed on failure: never a folder or file someone else made meanwhile.
  let created = false;
  let done = false;
  try {
    if (!staging) await mkdir(root);
    created = !staging;
    const result = await build(r, root);
    if (zip) {
      const zipped = zipFolder(root, result.files, path.basename(out).replace(/\.zip$/i, ''), out);
      await zipped.opened;
      created = true;
      await zipped.done;
    }
    done = true;
    return { ...result, out };
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
    if (!done && created) await rm(out, { recursive: true, force: true });
  }
}

async function build(r: PackRequest, root: string): Promise<Omit<PackResult, 'out'>> {
  const id = r.identity.identity;
  const signer = { name: id.name, ...(id.org ? { org: id.org } : {}), certSha256: id.certSha256 };
  const summary = auditSummary(r.programme, { from: r.from, to: r.to, generatedAt: r.now, signer });
  const runs: PackedRun[] = [];
  const recordFiles: string[] = [];
  for (const run of runsInPeriod(r.programme, r.from, r.to).sort((a, b) => (a.runId < b.runId ? -1 : 1))) {
    const folder = `${PACK.runs}/${run.runId}`;
    const files = await copyRun(run.dir, root, folder);
    runs.push({ runId: run.runId, folder, files: files.length, reports: files.filter((f) => f.startsWith(`${folder}/reports/`)) });
    recordFiles.push(...files);
  }
  const json = Buffer.from(`${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(path.join(root, PACK.summaryJson), json, { flag: 'wx' });
  await writeFile(path.join(root, PACK.readme), packReadme(summary, runs.length), { flag: 'wx' });
  recordFiles.push(PACK.summaryJson, PACK.readme);
  const records = manifestText(await hashFiles(root, recordFiles));
  await writeFile(path.join(root, PACK.records), records, { flag: 'wx' });
  const seal = sha256Hex(records);
  const pdf = await signedSummaryPdf(
    { summary, seal, recordFiles: recordFiles.length, runs },
    { identity: r.identity, renderer: r.renderer, summaryJson: json },
  );
  await writeFile(path.join(root, PACK.summaryPdf), pdf, { flag: 'wx' });
  const all = [...recordFiles, PACK.records, PACK.summaryPdf];
  await writeFile(path.join(root, PACK.sums), manifestText(await hashFiles(root, all)), { flag: 'wx' });
  return { runs, files: [...all, PACK.sums].sort(), seal, summary };
}
