// One stream's output laid out as the evidence file's tagged lines (see evidence-writer.ts):
// `out| line\n` per complete line, `out\ piece\n` per 4 KiB of a line still without its
// newline, the rest held back for the next chunk. A chunk becomes one buffer.
//
// Speed: a fast command prints millions of short lines, and a copy call per line (Buffer#copy
// makes a view object each time) cost more than everything else together. The lines of a chunk
// are tagged in one native call instead: its bytes as a latin1 string (one char per byte, so the
// round trip is exact for any bytes, UTF-8 or not), every newline replaced by newline + tag.
const NL = 0x0a;
export const PIECE = 4096;
const EMPTY = Buffer.alloc(0);

export type TagName = 'out' | 'err';

export class TaggedLines {
  private partial: Buffer = EMPTY;
  private readonly line: Buffer;
  private readonly piece: Buffer;
  private readonly between: string;

  constructor(tag: TagName) {
    this.line = Buffer.from(`${tag}| `);
    this.piece = Buffer.from(`${tag}\\ `);
    this.between = `\n${tag}| `;
  }

  /** The tagged bytes this chunk completes (undefined: it only adds to a partial line). */
  push(chunk: Buffer): Buffer | undefined {
    if (!chunk.length) return undefined;
    const last = chunk.lastIndexOf(NL);
    if (last < 0) return this.pieces(this.partial.length ? Buffer.concat([this.partial, chunk]) : chunk, undefined);
    // The first line starts with the held-back partial; every later line follows a newline.
    const body = chunk.toString('latin1', 0, last).replaceAll('\n', this.between);
    const lines = this.line.length + this.partial.length + body.length + 1;
    const rest = chunk.subarray(last + 1);
    const out = Buffer.allocUnsafe(lines + Math.floor(rest.length / PIECE) * (this.piece.length + PIECE + 1));
    let at = this.line.copy(out, 0);
    at += this.partial.copy(out, at);
    at += out.write(body, at, 'latin1');
    out[at++] = NL;
    return this.pieces(rest, out, at);
  }

  /** What is still held back, as a final piece (the output ended without a newline). */
  end(): Buffer | undefined {
    const rest = this.partial;
    this.partial = EMPTY;
    if (!rest.length) return undefined;
    const out = Buffer.allocUnsafe(this.piece.length + rest.length + 1);
    const at = this.piece.copy(out, 0);
    rest.copy(out, at);
    out[out.length - 1] = NL;
    return out;
  }

  /** 4 KiB pieces of `rest` after what `out` already holds; what is left waits (a copy: the caller may reuse its chunk). */
  private pieces(rest: Buffer, out: Buffer | undefined, at = 0): Buffer | undefined {
    const n = Math.floor(rest.length / PIECE);
    if (n > 0) {
      out ??= Buffer.allocUnsafe(n * (this.piece.length + PIECE + 1));
      for (let i = 0; i < n; i++) {
        at += this.piece.copy(out, at);
        at += rest.copy(out, at, i * PIECE, (i + 1) * PIECE);
        out[at++] = NL;
      }
    }
    const left = rest.length - n * PIECE;
    this.partial = left ? Buffer.from(rest.subarray(n * PIECE)) : EMPTY;
    return out;
  }
}
