// The evidence file of one host's attempt: runs/<id>/outputs/<step>-<host>-<attempt>.log
// (shortened, with a hash, when that would be too long for a file name).
// One file, stdout and stderr interleaved in arrival order, readable as is and in a printed
// report, and exact: every line carries a tag saying which stream it came from —
//
//   # drillbook output v1 …        header and footer (what ran, where, how it ended)
//   $ <command>                    the command as run (parameters substituted), one line each
//   out| <text>                    one stdout line; its newline is the line's own
//   err| <text>                    one stderr line
//   out\ <text>                    a stdout piece without a newline in the original (a partial
//   err\ <text>                    line flushed at 4 KiB or at the end)
//
// so a stream is recovered byte for byte by concatenating its tagged pieces (decodeEvidence).
// A line is written when its newline arrives, so lines of the two streams never mix. The
// SHA-256 and byte count are computed as the file is written; close() fsyncs the file and its
// folder before the journal is allowed to point at it.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { OutputStream } from '../exec/executor';
import { syncDir } from './durable';
import type { Evidence } from './events';
import { FileAppender } from './file-appender';
import { OutputTail, TAIL_CHARS, type OutputSegment, type OutputText } from './step-output';
import { TaggedLines } from './tagged-lines';

export const OUTPUTS_DIR = 'outputs';
const NL = 0x0a;

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

// File systems take names of at most 255 bytes (safe() leaves only ASCII: bytes = characters).
const MAX_NAME = 255;
const KEEP = 100;

/** The file of one host's attempt, relative to the run folder (always `/`-separated). */
export function evidenceFile(stepId: string, host: string, attempt: number): string {
  const name = `${safe(stepId)}-${safe(host)}-${attempt}.log`;
  if (name.length <= MAX_NAME) return `${OUTPUTS_DIR}/${name}`;
  // Too long to be a file name: readable prefixes, and a hash of the whole pair keeps names distinct.
  const hash = createHash('sha256').update(`${stepId}\0${host}`).digest('hex').slice(0, 12);
  return `${OUTPUTS_DIR}/${safe(stepId).slice(0, KEEP)}-${safe(host).slice(0, KEEP)}-${hash}-${attempt}.log`;
}

export interface EvidenceHeader {
  stepId: string;
  host: string;
  attempt: number;
  startedAt: string;
  /** The command as run, shown after `$ `. */
  command?: string;
}

export class EvidenceWriter {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly appender: FileAppender;
  private readonly lines: Record<OutputStream, TaggedLines> = { stdout: new TaggedLines('out'), stderr: new TaggedLines('err') };
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  /** The decoder holds no bytes of a split character (its last chunk ended in ASCII). */
  private readonly clean = { stdout: true, stderr: true };
  /** Output bytes of both streams (not counting tags). */
  outputBytes = 0;
  /** The last TAIL_CHARS of the output so far (for a step still running). */
  readonly tail = new OutputTail();

  private constructor(
    readonly file: string,
    private readonly dir: string,
    private readonly fh: FileHandle,
    private readonly onText?: (stream: OutputStream, text: OutputText) => void,
  ) {
    this.appender = new FileAppender(fh);
  }

  /** Bytes of the file so far (tags, header and footer included): what the journal records. */
  get size(): number {
    return this.bytes;
  }

  /**
   * `onText` gets the output decoded as UTF-8 (split characters held back), for live display;
   * an all-ASCII chunk comes as its bytes, to be decoded only if shown.
   */
  static async open(runDir: string, h: EvidenceHeader, onText?: (stream: OutputStream, text: OutputText) => void): Promise<EvidenceWriter> {
    const file = evidenceFile(h.stepId, h.host, h.attempt);
    const dir = path.join(runDir, OUTPUTS_DIR);
    await mkdir(dir, { recursive: true });
    // 'wx': attempt numbers are never reused, so an existing file would be someone else's record.
    const w = new EvidenceWriter(file, dir, await open(path.join(runDir, file), 'wx'), onText);
    const head = [`# drillbook output v1: step ${h.stepId}, host ${h.host}, attempt ${h.attempt}, started ${h.startedAt}`];
    if (h.command !== undefined)
      head.push(
        ...h.command
          .replace(/\n$/, '')
          .split('\n')
          .map((line) => `$ ${line}`),
      );
    w.put(Buffer.from(head.join('\n') + '\n'));
    return w;
  }

  /** Output as it arrives; written in order in the background. */
  write(stream: OutputStream, chunk: Buffer): void {
    this.outputBytes += chunk.length;
    // ASCII with nothing held back decodes to itself: no string is made for it here.
    if (this.clean[stream] && isAscii(chunk)) this.text(stream, chunk);
    else {
      this.text(stream, this.decoders[stream].write(chunk));
      this.clean[stream] = chunk.length > 0 && chunk[chunk.length - 1]! < 0x80;
    }
    const tagged = this.lines[stream].push(chunk);
    if (tagged) this.put(tagged);
  }

  /** A promise while the disk is behind: read no more output until it settles. */
  backlog(): Promise<void> | undefined {
    return this.appender.backlog();
  }

  /**
   * Flush partial lines, add the footer, fsync file and folder: the Evidence the journal
   * records. Never throws: a failed write is returned as `error` (the hash still covers every
   * byte that was meant to be written).
   */
  async close(footer: string): Promise<{ evidence: Evidence; error?: string }> {
    for (const stream of ['stdout', 'stderr'] as const) {
      this.text(stream, this.decoders[stream].end());
      const rest = this.lines[stream].end();
      if (rest) this.put(rest);
    }
    this.put(Buffer.from(`# ${footer.replaceAll('\n', ' ')}\n`));
    const evidence = { file: this.file, sha256: this.hash.digest('hex'), bytes: this.bytes };
    try {
      await this.appender.flushed();
      if (this.appender.failed) throw this.appender.failed;
      await this.fh.sync();
      await this.fh.close();
      await syncDir(this.dir);
      return { evidence };
    } catch (err) {
      await this.fh.close().catch(() => undefined);
      return { evidence, error: (err as Error).message };
    }
  }

  private text(stream: OutputStream, text: OutputText): void {
    if (!text.length) return;
    this.tail.push(stream, text);
    this.onText?.(stream, text);
  }

  private put(bytes: Buffer): void {
    this.hash.update(bytes);
    this.bytes += bytes.length;
    this.appender.append(bytes);
  }
}

/** Both streams back, byte for byte, and the interleaving (for tests, the UI and the report). */
export function decodeEvidence(bytes: Buffer): { stdout: Buffer; stderr: Buffer; segments: OutputSegment[]; header: string[] } {
  const parts: Record<OutputStream, Buffer[]> = { stdout: [], stderr: [] };
  const segments: OutputSegment[] = [];
  const header: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NL, start);
    if (end < 0) end = bytes.length;
    const line = bytes.subarray(start, end);
    start = end + 1;
    const tag = line.subarray(0, 5).toString('latin1');
    const stream: OutputStream | undefined = tag.startsWith('out') ? 'stdout' : tag.startsWith('err') ? 'stderr' : undefined;
    if (stream && (tag[3] === '|' || tag[3] === '\\') && tag[4] === ' ') {
      const piece = tag[3] === '|' ? Buffer.concat([line.subarray(5), Buffer.from('\n')]) : line.subarray(5);
      parts[stream].push(piece);
      const last = segments[segments.length - 1];
      if (last?.stream === stream) last.text += piece.toString('utf8');
      else segments.push({ stream, text: piece.toString('utf8') });
    } else header.push(line.toString('utf8'));
  }
  return { stdout: Buffer.concat(parts.stdout), stderr: Buffer.concat(parts.stderr), segments, header };
}

/** The last part of an evidence file as output segments (for a step not running here). */
export async function readEvidenceTail(
  runDir: string,
  file: string,
  limit = TAIL_CHARS,
): Promise<{ segments: OutputSegment[]; truncated: boolean; bytes: number } | undefined> {
  let fh;
  try {
    fh = await open(path.join(runDir, file), 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await fh.stat();
    // Tags take 5 bytes a line and UTF-8 up to 4 a character: read enough to fill the tail.
    const want = Math.min(size, limit * 2);
    const buf = Buffer.alloc(want);
    const { bytesRead } = await fh.read(buf, 0, want, size - want);
    let bytes = buf.subarray(0, bytesRead);
    if (size > want) bytes = bytes.subarray(bytes.indexOf(NL) + 1); // drop the cut line
    const tail = new OutputTail(limit);
    for (const seg of decodeEvidence(bytes).segments) tail.push(seg.stream, seg.text);
    return { segments: tail.segments(), truncated: size > want || tail.truncated, bytes: size };
  } finally {
    await fh.close();
  }
}
