/**
 * The byte edge of every history reader: opens a file (or standard input,
 * `-`), refuses what is not a text history (missing, a directory,
 * unreadable, binary), and yields its lines one at a time through
 * node:readline, so a file of hundreds of MB is never held as text.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
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

/**
 * Yields the lines of `file` (without newline, BOM stripped); errors are InputErrors naming `label`.
 * `-` is standard input; a pipe, FIFO or terminal (`/dev/stdin` from a pipe) is read as a stream,
 * never by position, so it works where a seek would fail (ESPIPE).
 */
export async function* readFileLines(file: string, label = file): AsyncGenerator<string, void, undefined> {
  if (file === STDIN) {
    yield* streamLines(process.stdin, label);
    return;
  }
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    // Standard input that is a socket (as Node's child processes get) cannot be opened by path (ENXIO): read it as `-`.
    if ((e as NodeJS.ErrnoException).code === 'ENXIO' && STDIN_PATHS.has(file)) {
      yield* streamLines(process.stdin, label);
      return;
    }
    throw cannotRead(label, e);
  }
  try {
    let regular: boolean;
    try {
      const st = await fh.stat();
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      regular = st.isFile();
      if (regular) {
        const head = new Uint8Array(Math.min(SNIFF_BYTES, Math.max(st.size, 1)));
        const { bytesRead } = await fh.read(head, 0, head.length, 0);
        if (looksBinary(head.subarray(0, bytesRead))) throw binaryFile(label);
      }
    } catch (e) {
      throw e instanceof InputError ? e : cannotRead(label, e);
    }
    const stream = regular ? fh.createReadStream({ encoding: 'utf8', start: 0, autoClose: false }) : fh.createReadStream({ autoClose: false });
    try {
      yield* regular ? textStreamLines(stream, label) : streamLines(stream, label);
    } finally {
      stream.destroy();
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Lines of a byte stream that cannot seek: its first bytes are checked for binary as they arrive. */
async function* streamLines(input: Readable, label: string): AsyncGenerator<string, void, undefined> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  try {
    while (size < SNIFF_BYTES) {
      const r = await chunks.next();
      if (r.done === true) {
        done = true;
        break;
      }
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      head.push(b);
      size += b.length;
    }
  } catch (e) {
    throw cannotRead(label, e);
  }
  const first = Buffer.concat(head);
  if (looksBinary(first.subarray(0, SNIFF_BYTES))) throw binaryFile(label);
  async function* rest(): AsyncGenerator<Buffer | string> {
    yield first;
    if (done) return;
    for (let r = await chunks.next(); r.done !== true; r = await chunks.next()) yield r.value;
  }
  yield* textStreamLines(Readable.from(rest(), { objectMode: false }), label);
}

/** Lines of a stream through node:readline (CRLF accepted, BOM stripped); read errors become InputErrors. */
async function* textStreamLines(stream: Readable, label: string): AsyncGenerator<string, void, undefined> {
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let first = true;
  try {
    for await (const line of rl) {
      if (first) {
        first = false;
        yield line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      } else yield line;
    }
  } catch (e) {
    throw e instanceof InputError ? e : cannotRead(label, e);
  } finally {
    rl.close();
  }
}

/** Splits a string into lines the way readFileLines does (BOM stripped, CRLF accepted). */
export function* textLines(text: string): Generator<string, void, undefined> {
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (from < text.length) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = text.length;
    const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    yield text.slice(from, end);
    from = nl + 1;
  }
}
