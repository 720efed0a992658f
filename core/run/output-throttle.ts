// Live output to the UI, coalesced: a command printing thousands of lines a second becomes at
// most one push per interval per host (one event per stream change within it), in arrival order.
// Bounded: an interval that printed more than PUSH_CHARS sends only its last PUSH_CHARS and says
// how many characters before them it left out (a command printing 100 MB/s would otherwise push
// 10 MB messages the page must parse in one go, to show its last TAIL_CHARS). A burst under the
// bound arrives whole. The evidence file, written apart from this, keeps everything.
import type { OutputStream } from '../exec/executor';
import { OutputTail, type OutputSegment, type OutputText } from './step-output';

/** At most this many characters per push per host: 1 MiB parses in a few ms in a page. */
export const PUSH_CHARS = 1024 * 1024;

/** A pushed segment; `dropped`: characters of this host's output left out just before it. */
export type LiveSegment = OutputSegment & { dropped?: number };

export class OutputThrottle {
  /** This interval's output: its last `limit` characters (what lies before is let go at once). */
  private pending: OutputTail;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (segment: LiveSegment) => void,
    private readonly intervalMs = 100,
    private readonly limit = PUSH_CHARS,
  ) {
    this.pending = new OutputTail(limit);
  }

  push(stream: OutputStream, text: OutputText): void {
    if (!text.length) return;
    this.pending.push(stream, text);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Send what is pending now (before the host's result is published). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { dropped } = this.pending;
    const merged = this.pending.segments();
    this.pending = new OutputTail(this.limit);
    merged.forEach((segment, i) => this.send(i === 0 && dropped ? { ...segment, dropped } : segment));
  }
}
