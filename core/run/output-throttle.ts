// Live output to the UI, coalesced: a command printing thousands of lines a second becomes at
// most one push per interval per host (one event per stream change within it), in arrival order.
// Bounded: the UI shows only the last TAIL_CHARS of a host's output, so an interval that printed
// more sends only its last TAIL_CHARS and says how many characters before them it left out (a
// command printing 100 MB/s would otherwise push 10 MB messages the page must parse in one go).
// The evidence file, written apart from this, keeps everything.
import type { OutputStream } from '../exec/executor';
import { TAIL_CHARS, type OutputSegment } from './step-output';

/** A pushed segment; `dropped`: characters of this host's output left out just before it. */
export type LiveSegment = OutputSegment & { dropped?: number };

export class OutputThrottle {
  private pending: OutputSegment[] = [];
  private size = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (segment: LiveSegment) => void,
    private readonly intervalMs = 100,
    private readonly limit = TAIL_CHARS,
  ) {}

  push(stream: OutputStream, text: string): void {
    if (!text) return;
    const last = this.pending[this.pending.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.pending.push({ stream, text });
    this.size += text.length;
    while (this.size > this.limit) {
      const first = this.pending[0]!;
      const over = this.size - this.limit;
      const cut = Math.min(over, first.text.length);
      if (cut === first.text.length) this.pending.shift();
      else first.text = first.text.slice(cut);
      this.size -= cut;
      this.dropped += cut;
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Send what is pending now (before the host's result is published). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const out = this.pending;
    const dropped = this.dropped;
    this.pending = [];
    this.size = 0;
    this.dropped = 0;
    out.forEach((segment, i) => this.send(i === 0 && dropped ? { ...segment, dropped } : segment));
  }
}
