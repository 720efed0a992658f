// The names inside an audit pack, and which manifest covers what. Two manifests, because the
// signed summary cannot contain its own hash: RECORDS.sha256 lists every file but the summary
// PDF (and the two manifests); its SHA-256, the pack seal, is printed in the signed summary.
// SHA256SUMS lists every file, the summary and RECORDS.sha256 included, so one
// `sha256sum -c SHA256SUMS` checks them all.
export const PACK = {
  readme: 'README.txt',
  summaryPdf: 'summary.pdf',
  summaryJson: 'summary.json',
  records: 'RECORDS.sha256',
  sums: 'SHA256SUMS',
  runs: 'runs',
} as const;

/** What of a run folder goes into the pack: the record (journal, pinned runbook, evidence) and its signed reports. */
export const RUN_FILES = ['journal.jsonl', 'journal.head', 'runbook.md'] as const;
export const RUN_FOLDERS = ['outputs', 'reports'] as const;
