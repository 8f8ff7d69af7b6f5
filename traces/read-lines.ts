/**
 * The byte edge of every history reader: opens a file, refuses what is not a
 * text history (missing, a directory, unreadable, binary), and yields its
 * lines one at a time through node:readline, so a file of hundreds of MB is
 * never held as text.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
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

/** Yields the lines of `file` (without newline, BOM stripped); errors are InputErrors. */
export async function* readFileLines(file: string): AsyncGenerator<string, void, undefined> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw cannotRead(file, e);
  }
  try {
    try {
      const st = await fh.stat();
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const head = new Uint8Array(Math.min(SNIFF_BYTES, Math.max(st.size, 1)));
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      if (looksBinary(head.subarray(0, bytesRead))) throw binaryFile(file);
    } catch (e) {
      throw e instanceof InputError ? e : cannotRead(file, e);
    }
    const stream = fh.createReadStream({ encoding: 'utf8', start: 0, autoClose: false });
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
      throw e instanceof InputError ? e : cannotRead(file, e);
    } finally {
      rl.close();
      stream.destroy();
    }
  } finally {
    await fh.close().catch(() => undefined);
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
