// Live output to the UI, coalesced: a command printing thousands of lines a second becomes at
// most one push per interval per host (one event per stream change within it), in arrival order.
import type { OutputStream } from '../exec/executor';
import type { OutputSegment } from './step-output';

export class OutputThrottle {
  private pending: OutputSegment[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (segment: OutputSegment) => void,
    private readonly intervalMs = 100,
  ) {}

  push(stream: OutputStream, text: string): void {
    if (!text) return;
    const last = this.pending[this.pending.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.pending.push({ stream, text });
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Send what is pending now (before the host's result is published). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const out = this.pending;
    this.pending = [];
    for (const segment of out) this.send(segment);
  }
}
