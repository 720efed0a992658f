// One line of a checklist as policy documents write them, in a paragraph or inside a plain
// ``` fence: `□ Confirm backups`, `☐ …`, `[ ] …`, `- [ ] …`, `[x] …`, and (in a fence) `1. …`.
const BOX = /^\s*(?:[-*+•]\s+)?(?:[□☐❑▢◻]|\[\s?\]|\[[xX✓✔]\])\s*(\S.*)$/;
const NUMBERED = /^\s*(?:step\s+)?\d{1,3}[.)]\s+(\S.*)$/i;

/** The item's text when the line is a box item (`□ text`, `[ ] text`). */
export const boxItem = (line: string): string | undefined => BOX.exec(line)?.[1]?.trim();

/** Box items, and numbered lines (`1. text`), as found inside a plain fence. */
export const fenceItem = (line: string): string | undefined => boxItem(line) ?? NUMBERED.exec(line)?.[1]?.trim();
