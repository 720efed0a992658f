// `npm run fuzz -- --count N [--seed S]`: the runbook fuzzer for long runs. Prints progress,
// then the counts, each finding (first few), and the slowest input; exit 1 on any finding.
import { parseArgs } from 'node:util';
import { fuzz, type Finding } from './runbook-fuzz';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } } });
const count = Number(values.count);
const seed = Number(values.seed);
const started = performance.now();
const report = await fuzz({
  seed,
  count,
  onProgress: (done, r) => {
    if (done % 5000 === 0)
      console.log(
        `${done}/${count} inputs, ${r.internalErrors.length + r.outsideFile.length + r.overBudget.length} findings, ${Math.round((performance.now() - started) / 1000)} s`,
      );
  },
});
const show = (name: string, list: Finding[]) => {
  console.log(`${name}: ${list.length}`);
  for (const f of list.slice(0, 3)) console.log(`  [${f.kind}] ${f.problem}\n    input: ${JSON.stringify(f.input).slice(0, 300)}`);
};
console.log(
  `seed ${seed}: ${report.count} inputs in ${Math.round((performance.now() - started) / 1000)} s (${Object.entries(report.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')})`,
);
show('internal errors', report.internalErrors);
show('errors outside the file', report.outsideFile);
show('over the parse budget', report.overBudget);
console.log(`slowest input: ${Math.round(report.slowest.ms)} ms (${report.slowest.kind}, ${report.slowest.bytes} bytes)`);
process.exitCode = report.internalErrors.length + report.outsideFile.length + report.overBudget.length > 0 ? 1 : 0;
