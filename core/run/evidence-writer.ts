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
import { createHash } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { OutputStream } from '../exec/executor';
import { syncDir } from './durable';
import type { Evidence } from './events';
import { OutputTail, TAIL_CHARS, type OutputSegment } from './step-output';

export const OUTPUTS_DIR = 'outputs';
const PIECE = 4096;
const NL = 0x0a;
const NEWLINE = Buffer.from('\n');
const TAG_BYTES = 5;
const TAGS = {
  stdout: { '|': Buffer.from('out| '), '\\': Buffer.from('out\\ ') },
  stderr: { '|': Buffer.from('err| '), '\\': Buffer.from('err\\ ') },
};

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
  private chain: Promise<void> = Promise.resolve();
  private failed: Error | undefined;
  private readonly partial: Record<OutputStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  /** Output bytes of both streams (not counting tags). */
  outputBytes = 0;
  private readonly kept = new OutputTail();
  /**
   * Text not yet in the tail: pushed when the tail is read. Whole pieces that lie before the
   * last TAIL_CHARS are dropped as they come, so a fast command is not slowed by re-cutting
   * the tail's 64 kB on every chunk.
   */
  private unread: OutputSegment[] = [];
  private unreadHead = 0;
  private unreadSize = 0;
  private unreadDropped = false;

  /** The last TAIL_CHARS of the output so far (for a step still running). */
  get tail(): OutputTail {
    for (let i = this.unreadHead; i < this.unread.length; i++) this.kept.push(this.unread[i]!.stream, this.unread[i]!.text);
    if (this.unreadDropped) this.kept.truncated = true;
    this.unread = [];
    this.unreadHead = 0;
    this.unreadSize = 0;
    this.unreadDropped = false;
    return this.kept;
  }

  private constructor(
    readonly file: string,
    private readonly dir: string,
    private readonly fh: FileHandle,
    private readonly onText?: (stream: OutputStream, text: string) => void,
  ) {}

  /** Bytes of the file so far (tags, header and footer included): what the journal records. */
  get size(): number {
    return this.bytes;
  }

  /** `onText` gets the output decoded as UTF-8 (split characters held back), for live display. */
  static async open(runDir: string, h: EvidenceHeader, onText?: (stream: OutputStream, text: string) => void): Promise<EvidenceWriter> {
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
    this.text(stream, this.decoders[stream].write(chunk));
    const buf = this.partial[stream].length ? Buffer.concat([this.partial[stream], chunk]) : chunk;
    // One write per chunk, however many lines it holds: the tagged bytes are laid out in one
    // buffer (a copy per line, no allocation per line), which keeps up with a fast local command.
    const ends: number[] = [];
    for (let nl = buf.indexOf(NL); nl >= 0; nl = buf.indexOf(NL, nl + 1)) ends.push(nl + 1);
    const lineBytes = ends.length ? ends[ends.length - 1]! : 0;
    const pieces = Math.floor((buf.length - lineBytes) / PIECE);
    const size = lineBytes + TAG_BYTES * ends.length + pieces * (TAG_BYTES + PIECE + 1);
    let from = 0;
    if (size > 0) {
      const out = Buffer.allocUnsafe(size);
      let at = 0;
      const line = TAGS[stream]['|'];
      for (const end of ends) {
        at += line.copy(out, at);
        at += buf.copy(out, at, from, end);
        from = end;
      }
      const piece = TAGS[stream]['\\'];
      for (let i = 0; i < pieces; i++, from += PIECE) {
        at += piece.copy(out, at);
        at += buf.copy(out, at, from, from + PIECE);
        out[at++] = NL;
      }
      this.put(out);
    }
    this.partial[stream] = Buffer.from(buf.subarray(from));
  }

  /**
   * Flush partial lines, add the footer, fsync file and folder: the Evidence the journal
   * records. Never throws: a failed write is returned as `error` (the hash still covers every
   * byte that was meant to be written).
   */
  async close(footer: string): Promise<{ evidence: Evidence; error?: string }> {
    for (const stream of ['stdout', 'stderr'] as const) {
      this.text(stream, this.decoders[stream].end());
      if (this.partial[stream].length) this.put(this.tagged(stream, '\\', this.partial[stream]));
      this.partial[stream] = Buffer.alloc(0);
    }
    this.put(Buffer.from(`# ${footer.replaceAll('\n', ' ')}\n`));
    const evidence = { file: this.file, sha256: this.hash.digest('hex'), bytes: this.bytes };
    try {
      await this.chain;
      if (this.failed) throw this.failed;
      await this.fh.sync();
      await this.fh.close();
      await syncDir(this.dir);
      return { evidence };
    } catch (err) {
      await this.fh.close().catch(() => undefined);
      return { evidence, error: (err as Error).message };
    }
  }

  private text(stream: OutputStream, text: string): void {
    if (!text) return;
    this.unread.push({ stream, text });
    this.unreadSize += text.length;
    while (this.unreadSize - this.unread[this.unreadHead]!.text.length >= TAIL_CHARS) {
      this.unreadSize -= this.unread[this.unreadHead++]!.text.length;
      this.unreadDropped = true;
    }
    // An index rather than shift(), compacted now and then: many tiny pieces stay cheap.
    if (this.unreadHead > 1024 && this.unreadHead * 2 > this.unread.length) {
      this.unread = this.unread.slice(this.unreadHead);
      this.unreadHead = 0;
    }
    this.onText?.(stream, text);
  }

  private tagged(stream: OutputStream, mark: '|' | '\\', piece: Buffer): Buffer {
    const tag = TAGS[stream][mark];
    return mark === '|' ? Buffer.concat([tag, piece]) : Buffer.concat([tag, piece, NEWLINE]);
  }

  private put(bytes: Buffer): void {
    this.hash.update(bytes);
    this.bytes += bytes.length;
    this.chain = this.chain.then(async () => {
      if (this.failed) return;
      try {
        for (let done = 0; done < bytes.length;) done += (await this.fh.write(bytes, done, bytes.length - done)).bytesWritten;
      } catch (err) {
        this.failed = err as Error;
      }
    });
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
