// Live output to the UI, coalesced: a command printing thousands of lines a second becomes at
// most one push per interval per host (one event per stream change within it), in arrival order.
// Bounded: an interval that printed more than PUSH_CHARS sends only its last PUSH_CHARS and says
// how many characters before them it left out (a command printing 100 MB/s would otherwise push
// 10 MB messages the page must parse in one go, to show its last TAIL_CHARS). A burst under the
// bound arrives whole. The evidence file, written apart from this, keeps everything.
import type { OutputStream } from '../exec/executor';
import type { OutputSegment } from './step-output';

/** At most this many characters per push per host: 1 MiB parses in a few ms in a page. */
export const PUSH_CHARS = 1024 * 1024;

/** A pushed segment; `dropped`: characters of this host's output left out just before it. */
export type LiveSegment = OutputSegment & { dropped?: number };

export class OutputThrottle {
  private pending: OutputSegment[] = [];
  /** Pieces before this index were cut (an index, not shift(): many tiny pieces stay cheap). */
  private head = 0;
  private size = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (segment: LiveSegment) => void,
    private readonly intervalMs = 100,
    private readonly limit = PUSH_CHARS,
  ) {}

  push(stream: OutputStream, text: string): void {
    if (!text) return;
    // Pieces are kept as they came and merged on flush: appending to one growing string and
    // cutting its head would copy the whole tail on every chunk of a fast command.
    this.pending.push({ stream, text });
    this.size += text.length;
    while (this.size > this.limit) {
      const first = this.pending[this.head]!;
      const cut = Math.min(this.size - this.limit, first.text.length);
      if (cut === first.text.length) this.head++;
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
    const out = this.pending.slice(this.head);
    const dropped = this.dropped;
    this.pending = [];
    this.head = 0;
    this.size = 0;
    this.dropped = 0;
    const merged: OutputSegment[] = [];
    for (const piece of out) {
      const last = merged[merged.length - 1];
      if (last?.stream === piece.stream) last.text += piece.text;
      else merged.push({ ...piece });
    }
    merged.forEach((segment, i) => this.send(i === 0 && dropped ? { ...segment, dropped } : segment));
  }
}
