// Print CSS for the paper checklist: A4, black on white, generous write-in space. Meaning is
// carried by words and borders, never colour (it will be photocopied). No web fonts.
export const CHECKLIST_CSS = `
@page { size: A4; margin: 16mm 13mm 18mm 13mm; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 9.5pt; line-height: 1.35; color: #000; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 1.5mm; }
h2 { font-size: 12pt; margin: 6mm 0 1.5mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #000; break-after: avoid; }
p { margin: 1mm 0; }
code, pre, .mono { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 8.5pt; }
pre { white-space: pre-wrap; word-break: break-word; border: 0.6pt solid #666; padding: 1.5mm 2mm; margin: 1.5mm 0; background: #f4f4f4; }
.hash { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 8pt; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 0.6pt solid #666; padding: 1.6mm 1.8mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: bold; width: 1%; white-space: nowrap; }
tr { break-inside: avoid; }
.write { white-space: nowrap; letter-spacing: 0.5pt; }
.deadline td { font-size: 10.5pt; }
.phase > table.deadline { break-after: avoid; }
.step { border: 0.6pt solid #666; border-left: 3pt solid #000; padding: 1.5mm 2.5mm; margin: 2.5mm 0; break-inside: avoid-page; }
.step-head { display: flex; gap: 2mm; align-items: baseline; break-after: avoid; }
.box { font-size: 15pt; line-height: 1; }
.step-title { font-weight: bold; font-size: 10pt; }
.attrs { color: #000; font-size: 8pt; margin: 0.5mm 0 1mm 7mm; }
.desc { font-size: 8.5pt; margin: 1mm 0 1mm 7mm; }
.desc p { margin: 0.8mm 0; }
.desc ul, .desc ol { margin: 0.8mm 0; padding-left: 5mm; }
.desc li.task { list-style: none; margin-left: -4mm; }
.desc blockquote { margin: 1mm 0 1mm 2mm; padding-left: 2mm; border-left: 1pt solid #000; }
.desc table.md td { padding: 0.6mm 1.2mm; font-size: 8pt; }
.box-sm { font-size: 11pt; }
.fields td { width: 33%; height: 9mm; font-size: 8pt; }
.gate { border: 1.2pt solid #000; padding: 1.5mm 2mm; margin: 1.5mm 0; font-size: 9pt; }
.values td { height: 8mm; }
.intro { border: 1pt solid #000; padding: 2mm 3mm; margin: 2mm 0 3mm; font-size: 9pt; }
`;
