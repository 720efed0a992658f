// Print CSS for the report: A4, black on white, meaning carried by words, borders and weight
// (never by colour alone) so a black-and-white printout reads the same. Fonts present on
// Debian and most desktops; no web fonts (the page loads nothing).
export const REPORT_CSS = `
@page { size: A4; margin: 20mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 9.5pt; line-height: 1.35; color: #000; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #000; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 5mm 0 1.5mm; break-after: avoid; }
p { margin: 1mm 0; }
.sub { font-size: 10pt; margin-bottom: 3mm; }
.mono, code, pre { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 8pt; }
.hash { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 7.5pt; word-break: break-all; }
.local { color: #333; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 0.6pt solid #666; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #e8e8e8; font-weight: bold; }
table.kv th { width: 32%; background: #f2f2f2; }
tr { break-inside: avoid; }
.badge { display: inline-block; border: 0.8pt solid #000; padding: 0 1.2mm; font-weight: bold; font-size: 8pt; white-space: nowrap; }
.badge.bad { background: #000; color: #fff; }
.verdict { font-size: 11pt; font-weight: bold; border: 1.2pt solid #000; padding: 2mm 3mm; margin: 2mm 0; }
.verdict.bad { border-width: 2.5pt; }
.step { border: 0.6pt solid #666; border-left: 3pt solid #000; padding: 1.5mm 2.5mm; margin: 2mm 0; break-inside: avoid-page; }
.step.long { break-inside: auto; }
.step-head, .step tr:first-child { break-after: avoid; }
.step pre { break-inside: avoid; }
.step.skipped { border-left-style: dashed; }
.step.failed { border-left: 5pt double #000; }
.step.pending, .step.running { border-left-color: #999; }
.step-head { display: flex; justify-content: space-between; gap: 3mm; font-weight: bold; }
.step-id { font-weight: normal; font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; }
.step table { margin: 1mm 0; }
.step td, .step th { border: none; border-top: 0.4pt solid #bbb; padding: 0.6mm 1.2mm; }
.step th { width: 22%; background: none; font-weight: bold; }
pre { white-space: pre-wrap; word-break: break-all; border: 0.5pt solid #999; padding: 1mm 1.5mm; margin: 0.5mm 0; background: #f6f6f6; }
pre.out { background: #fff; border-style: dotted; }
.omitted { font-style: italic; font-size: 7.5pt; }
.timeline svg { width: 100%; height: auto; }
ul.dev { padding-left: 5mm; margin: 1mm 0; }
ul.dev li { margin: 0.8mm 0; }
.kind { font-weight: bold; text-transform: uppercase; font-size: 7.5pt; border: 0.6pt solid #000; padding: 0 1mm; margin-right: 1mm; }
.signoff { border: 1.5pt solid #000; padding: 3mm; break-inside: avoid; margin-top: 3mm; }
.signoff .line { border-bottom: 0.8pt solid #000; height: 9mm; margin-top: 2mm; }
.muted { color: #333; }
/* On screen (the app's preview) only: the page as a sheet. Print is unaffected. */
@media screen { html { background: #ddd; } body { background: #fff; max-width: 182mm; margin: 4mm auto; padding: 10mm 12mm; } }
`;
