// README.txt of an audit pack: what is in it and the auditor's steps (the same text the signed
// summary prints). The pack seal is not in it: README.txt is one of the files the seal covers.
import { stepsText } from './auditor-steps';
import { PACK } from './pack-layout';
import type { AuditSummary } from './audit-summary';

const row = (name: string, what: string) => `  ${name.padEnd(18)}${what}`;

export function packReadme(s: AuditSummary, runs: number): string {
  const signer = s.signer.org ? `${s.signer.name}, ${s.signer.org}` : s.signer.name;
  return [
    `Drillbook audit pack: drills and incidents with T0 from ${s.period.from} to ${s.period.to}`,
    `Made ${s.generatedAt} and signed by ${signer} (certificate SHA-256 ${s.signer.certSha256}).`,
    '',
    'What is in it',
    row(PACK.summaryPdf, "the programme: register, controls matrix, each runbook's runs and trend (signed PDF)"),
    row(PACK.summaryJson, 'the same, as data'),
    row(`${PACK.runs}/RUN-ID/`, `the ${runs} run(s) of the period: journal.jsonl (hash-chained, one event a line),`),
    row('', 'runbook.md (the runbook as followed), outputs/ (the evidence of each attempt),'),
    row('', 'reports/ (the signed reports of the run, when any were made)'),
    row(PACK.records, `SHA-256 of every file above but ${PACK.summaryPdf}; its own SHA-256 (the pack seal)`),
    row('', `is printed in the signed ${PACK.summaryPdf}`),
    row(PACK.sums, 'SHA-256 of every file in the pack'),
    '',
    'How to check it, in this folder, with sha256sum (coreutils), pdfsig (poppler-utils) and openssl only',
    '',
    ...stepsText({ signer: s.signer }),
  ].join('\n');
}
