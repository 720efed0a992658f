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

/** The last `limit` characters of interleaved output, merged into same-stream segments. */
export class OutputTail {
  private list: OutputSegment[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit = TAIL_CHARS) {}

  push(stream: OutputStream, text: string): void {
    if (!text) return;
    const last = this.list[this.list.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.list.push({ stream, text });
    this.size += text.length;
    while (this.size > this.limit) {
      const first = this.list[0]!;
      const over = this.size - this.limit;
      this.truncated = true;
      if (first.text.length <= over) {
        this.list.shift();
        this.size -= first.text.length;
      } else {
        first.text = first.text.slice(over);
        this.size -= over;
      }
    }
  }

  segments(): OutputSegment[] {
    return this.list.map((s) => ({ ...s }));
  }
}
