// What the UI shows of a step's output: per host, the last part of stdout and stderr as
// segments in arrival order. Bounded, because a command may print gigabytes; the evidence file
// has everything. No Node imports: the renderer keeps one of these per host too.
import type { OutputStream } from '../exec/executor';

export interface OutputSegment {
  stream: OutputStream;
  text: string;
}

export interface HostOutput {
  host: string;
  attempt: number;
  /** Still running in this engine (more output may come as step.output events). */
  running: boolean;
  /** Output bytes seen so far (both streams). */
  bytes: number;
  /** Older output was dropped from `segments` (the evidence file keeps it). */
  truncated: boolean;
  segments: OutputSegment[];
  /** The evidence file, relative to the run folder. */
  file?: string;
}

export interface StepOutput {
  stepId: string;
  /** The attempt shown: the current one; absent when the step never ran. */
  attempt?: number;
  hosts: HostOutput[];
}

export const TAIL_CHARS = 64 * 1024;

/**
 * Output as pushed: text, or bytes known to be ASCII (one character each), decoded only if
 * they are still in the tail when it is read — a fast command's output is mostly let go unread.
 */
export type OutputText = string | Uint8Array;

interface Piece {
  stream: OutputStream;
  text: OutputText;
}

let ascii: TextDecoder | undefined;
const asText = (t: OutputText, from: number): string => {
  if (typeof t === 'string') return from ? t.slice(from) : t;
  ascii ??= new TextDecoder();
  return ascii.decode(from ? t.subarray(from) : t);
};

/**
 * The last `limit` characters of interleaved output, merged into same-stream segments.
 * Pieces are kept as they came and cut only when read: appending to a growing string and
 * cutting its head would copy the whole tail for every chunk of a fast command. Pieces that lie
 * wholly before the last `limit` characters are let go at once, so memory stays near `limit`.
 */
export class OutputTail {
  private pieces: (Piece | undefined)[] = [];
  /** Pieces before this index are gone (an index, not shift(): many tiny pieces stay cheap). */
  private head = 0;
  /** Characters in the pieces still held (may exceed `limit` by less than the first piece). */
  private size = 0;
  private total = 0;
  truncated = false;

  constructor(private readonly limit = TAIL_CHARS) {}

  push(stream: OutputStream, text: OutputText): void {
    if (!text.length) return;
    this.pieces.push({ stream, text });
    this.size += text.length;
    this.total += text.length;
    if (this.size <= this.limit) return;
    this.truncated = true;
    for (let first = this.pieces[this.head]!; this.size - first.text.length >= this.limit; first = this.pieces[this.head]!) {
      this.size -= first.text.length;
      this.pieces[this.head++] = undefined;
    }
    if (this.head > 64 && this.head * 2 > this.pieces.length) {
      this.pieces = this.pieces.slice(this.head);
      this.head = 0;
    }
  }

  /** Characters pushed and not in segments(). */
  get dropped(): number {
    return this.total - Math.min(this.size, this.limit);
  }

  segments(): OutputSegment[] {
    const out: OutputSegment[] = [];
    let parts: string[] = [];
    let cut = Math.max(0, this.size - this.limit);
    const close = () => {
      if (parts.length) out[out.length - 1]!.text = parts.length === 1 ? parts[0]! : parts.join('');
    };
    for (let i = this.head; i < this.pieces.length; i++) {
      const { stream, text: whole } = this.pieces[i]!;
      const text = asText(whole, cut);
      cut = 0;
      if (out[out.length - 1]?.stream !== stream) {
        close();
        out.push({ stream, text: '' });
        parts = [];
      }
      parts.push(text);
    }
    close();
    return out;
  }
}
