// A fresh process scanning a library with a persisted parse cache: what a second start does.
// Prints the library's titles and how many files the worker had to parse.
import { scanLibrary } from '../../../core/runbook/library';
import { workerParses } from '../../../core/runbook/parse-pool';

const [dir, cacheFile] = process.argv.slice(2);
const scan = await scanLibrary([dir!], { cacheFile: cacheFile! });
const titles = scan.library.groups.flatMap((g) => g.versions.map((v) => `${v.id}@${v.version} ${v.title} ${v.valid}`));
const steps = [...scan.files.values()].map((f) => f.runbook.phases.flatMap((p) => p.steps.map((s) => s.title)).join('|'));
console.log(JSON.stringify({ parses: workerParses(), titles, steps: steps.sort() }));
