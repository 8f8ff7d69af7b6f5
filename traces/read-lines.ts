/**
 * The byte edge of every history reader: opens a file (or standard input,
 * `-`), refuses what is not a text history (missing, a directory,
 * unreadable, binary), and yields its lines a chunk at a time (a small
 * file in one read), so a file of hundreds of MB is never held as text.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from './errors.js';

/** How much of the file is inspected for NUL bytes and invalid UTF-8. */
const SNIFF_BYTES = 64 * 1024;

const BINARY = 'binary file, expected a text history (jsonl, jepsen-log or edn)';

/** The one-line reason for a failed read, from a Node errno error. */
export function cannotRead(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a parent of it is not a directory',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    ENXIO: 'not a file or a pipe (a socket?)',
  };
  const why = (code !== undefined ? reasons[code] : undefined) ?? (e instanceof Error ? e.message : String(e));
  return new InputError({ file }, `cannot read: ${why}`, 'unreadable');
}

/** Whether a chunk of bytes is binary: NUL bytes or invalid UTF-8. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  if (isAscii(bytes)) return false; // (ASCII is UTF-8: nothing to decode to tell)
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return false;
  } catch {
    return true;
  }
}

/** The error for a binary input. */
export function binaryFile(file: string): InputError {
  return new InputError({ file }, BINARY, 'binary');
}

/** The name `readFileLines` and `quorate check` take for standard input. */
export const STDIN = '-';

/** Paths that name this process's standard input. */
const STDIN_PATHS: ReadonlySet<string> = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** Files up to this size are read in one call; larger ones in chunks of this size. */
const CHUNK_BYTES = 1 << 20;

/**
 * Yields the lines of `file` (without newline, BOM stripped), in batches (one per chunk read; a
 * file up to 1 MB is read in one call and is one batch); errors are InputErrors naming `label`.
 * `-` is standard input; a pipe, FIFO or terminal (`/dev/stdin` from a pipe) is read as a stream,
 * never by position, so it works where a seek would fail (ESPIPE).
 */
export function readLineBatches(file: string, label = file): AsyncGenerator<readonly string[], void, undefined> {
  return readBatches(file, label, false) as AsyncGenerator<readonly string[], void, undefined>;
}

/** As readLineBatches, but a regular file's plain ASCII lines may come as bytes (AsciiLines). */
export function readLineOrAsciiBatches(file: string, label = file, chunkBytes = CHUNK_BYTES): AsyncGenerator<LineBatch, void, undefined> {
  return readBatches(file, label, true, chunkBytes);
}

async function* readBatches(file: string, label: string, ascii: boolean, chunkBytes = CHUNK_BYTES): AsyncGenerator<LineBatch, void, undefined> {
  if (file === STDIN) {
    yield* streamLines(process.stdin, label);
    return;
  }
  // Synchronous calls: a command reads one file at a time, and a round trip through libuv's thread
  // pool for each open, stat and read cost more than the reads themselves on small files.
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    // Standard input that is a socket (as Node's child processes get) cannot be opened by path (ENXIO): read it as `-`.
    if ((e as NodeJS.ErrnoException).code === 'ENXIO' && STDIN_PATHS.has(file)) {
      yield* streamLines(process.stdin, label);
      return;
    }
    throw cannotRead(label, e);
  }
  try {
    let size: number | undefined;
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      if (st.isFile()) size = st.size;
    } catch (e) {
      throw cannotRead(label, e);
    }
    if (size === undefined) {
      // A pipe or a terminal: the stream owns the descriptor from here, and closes it.
      const stream = createReadStream('', { fd, autoClose: true });
      fd = -1;
      try {
        yield* streamLines(stream, label);
      } finally {
        stream.destroy();
      }
      return;
    }
    yield* fileLines(fd, size, label, ascii, chunkBytes);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * Whole lines of plain ASCII with LF endings only (no CR, no BOM), as bytes: `buf[0, end)`, every
 * line ending in LF. Such lines are the same as text and as bytes, so a reader may take them as
 * bytes (traces/import/jsonl-bytes.ts) or decode each as latin1. `buf` is reused by the next batch.
 */
export interface AsciiLines {
  readonly ascii: Buffer;
  readonly end: number;
}

/** What `readLineBatches` yields: lines as strings, or (when asked for) ASCII lines as bytes. */
export type LineBatch = readonly string[] | AsciiLines;

/** Lines of a regular file, read by position in chunks of CHUNK_BYTES (its first bytes checked for binary). */
function* fileLines(fd: number, size: number, label: string, ascii: boolean, chunkBytes: number): Generator<LineBatch, void, undefined> {
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(size + 1, chunkBytes)));
  const splitter = new LineSplitter();
  // While every chunk so far ended at a line break, a chunk's whole lines that are plain ASCII go out as
  // bytes, and the next read starts at the first line not yet given out (so no text is carried over).
  let whole = ascii;
  for (let pos = 0; ; ) {
    let bytesRead: number;
    try {
      bytesRead = readSync(fd, buf, 0, buf.length, pos);
    } catch (e) {
      throw cannotRead(label, e);
    }
    if (pos === 0 && looksBinary(buf.subarray(0, Math.min(bytesRead, SNIFF_BYTES)))) throw binaryFile(label);
    if (bytesRead === 0) break;
    if (whole) {
      const end = buf.lastIndexOf(10, bytesRead - 1) + 1;
      if (end > 0) {
        const lines = buf.subarray(0, end);
        if (isAscii(lines) && !lines.includes(13)) {
          if (pos === 0) splitter.noBom();
          pos += end;
          yield { ascii: buf, end };
          continue;
        }
        // Text with other characters or CRs: the splitter takes these whole lines (so it carries nothing yet).
        pos += end;
        const text = splitter.push(lines);
        if (text.length > 0) yield text;
        continue;
      }
      whole = false; // a line longer than a chunk: the splitter carries it, and every chunk after it
    }
    pos += bytesRead;
    const lines = splitter.push(buf.subarray(0, bytesRead));
    if (lines.length > 0) yield lines;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/**
 * Splits UTF-8 bytes, fed in chunks, into lines as node:readline does: a line ends at LF, CRLF
 * or a lone CR; a BOM at the start is dropped; invalid UTF-8 becomes U+FFFD.
 */
export class LineSplitter {
  // StringDecoder (what a stream with an encoding uses) decodes about twice as fast as TextDecoder here, and keeps
  // a BOM, which is dropped from the first line below, as readline's callers did.
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private first = true;

  /** The input did not start with a BOM (its first bytes went elsewhere): a U+FEFF later is kept. */
  noBom(): void {
    this.first = false;
  }

  /** The lines completed by `bytes`. */
  push(bytes: Buffer): string[] {
    return this.split(this.decoder.write(bytes), false);
  }

  /** The lines completed by `text` (already decoded). */
  pushText(text: string): string[] {
    return this.split(text, false);
  }

  /** The last line, if the input did not end with a line break. */
  end(): string[] {
    return this.split(this.decoder.end(), true);
  }

  private split(chunk: string, atEnd: boolean): string[] {
    const text = this.rest + chunk;
    const out: string[] = [];
    // Where the next CR is (scanned once per chunk, not once per line); -1: none left.
    let cr = text.indexOf('\r');
    const push = (from: number, end: number): void => {
      while (cr >= 0 && cr < from) cr = text.indexOf('\r', from);
      while (cr >= 0 && cr < end) {
        // A lone CR inside the line: a line break to node:readline.
        out.push(text.slice(from, cr));
        from = cr + 1;
        cr = text.indexOf('\r', from);
      }
      out.push(text.slice(from, end));
    };
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      push(from, nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      from = nl + 1;
    }
    this.rest = text.slice(from);
    if (atEnd && this.rest !== '') {
      push(from, text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length);
      this.rest = '';
    }
    if (this.first && out.length > 0) {
      this.first = false;
      if (out[0]!.charCodeAt(0) === 0xfeff) out[0] = out[0]!.slice(1);
    }
    return out;
  }
}

/** Lines of a byte stream that cannot seek: its first bytes are checked for binary as they arrive. */
async function* streamLines(input: Readable, label: string): AsyncGenerator<readonly string[], void, undefined> {
  const splitter = new LineSplitter();
  let head: Buffer[] | undefined = [];
  let size = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (head !== undefined) {
        head.push(b);
        size += b.length;
        if (size < SNIFF_BYTES) continue;
        const first = Buffer.concat(head);
        head = undefined;
        if (looksBinary(first.subarray(0, SNIFF_BYTES))) throw binaryFile(label);
        yield splitter.push(first);
        continue;
      }
      const lines = splitter.push(b);
      if (lines.length > 0) yield lines;
    }
  } catch (e) {
    throw e instanceof InputError ? e : cannotRead(label, e);
  }
  if (head !== undefined) {
    const first = Buffer.concat(head);
    if (looksBinary(first.subarray(0, SNIFF_BYTES))) throw binaryFile(label);
    yield splitter.push(first);
  }
  yield splitter.end();
}

/** Splits a string into lines the way readLineBatches does (BOM stripped; LF, CRLF or a lone CR ends a line). */
export function textLines(text: string): string[] {
  const s = new LineSplitter();
  const lines = s.pushText(text);
  for (const l of s.end()) lines.push(l);
  return lines;
}
