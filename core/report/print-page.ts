// What only the printed report gets, as a second stylesheet beside REPORT_CSS (the app's preview
// keeps the one stylesheet its CSP admits by hash):
// - the running header and footer as CSS page-margin boxes, so Chromium lays them out inside the
//   document instead of loading and laying out a header and a footer template page per page;
// - `content-visibility: auto` on steps: the page is never seen on a screen, and this lets
//   Chromium skip laying out off-screen steps before printing (print lays out every step).
import { utc } from './html-format';
import type { ReportModel } from './report-model';

/** `s` as a CSS string literal: every character but letters, digits and spaces hex-escaped. */
export function cssString(s: string): string {
  let out = '"';
  for (const ch of s) out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  return `${out}"`;
}

const PAGE = `" · page " counter(page) "/" counter(pages)`;
const BOX = `font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 7.5pt; color: #000;`;

/** The running header and footer's texts (also what a renderer's templates would show). */
export function runningTexts(m: ReportModel): { title: string; run: string; signed: string } {
  return {
    title: `${m.runbook.title} — ${m.runbook.id}@${m.runbook.version}`,
    run: `run ${m.runId}`,
    signed: m.signature ? `Signed by ${m.signature.name} · ${utc(m.signature.signedAt)}` : 'UNSIGNED PREVIEW',
  };
}

export function printCss(m: ReportModel): string {
  const t = runningTexts(m);
  const box = (where: string, content: string) => `@${where} { content: ${content}; ${BOX} }`;
  return `@page {
${box('top-left', cssString(t.title))}
${box('top-right', `${cssString(t.run)} ${PAGE}`)}
${box('bottom-left', cssString(t.signed))}
${box('bottom-right', `"page " counter(page) "/" counter(pages)`)}
}
.step { content-visibility: auto; contain-intrinsic-size: auto 30mm; }`;
}
