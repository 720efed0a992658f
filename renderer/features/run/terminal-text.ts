// Command output as a terminal would show it, for the live view only (the evidence file keeps
// every byte): colour and cursor escape sequences dropped instead of printed as `[31m`, and a
// progress line redrawn with `\r` shown as its last state instead of every state run together.
// CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`), and two-byte escapes.
// eslint-disable-next-line no-control-regex -- escape sequences are control characters by definition
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function terminalText(text: string): string {
  const plain = text.includes('\x1b') ? text.replace(ESCAPES, '') : text;
  if (!plain.includes('\r')) return plain;
  return plain
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      // A line ending in `\r` is about to be redrawn: what it says now is still its last state.
      const trimmed = line.replace(/\r+$/, '');
      return trimmed.slice(trimmed.lastIndexOf('\r') + 1);
    })
    .join('\n');
}
