/**
 * writeOut/writeErr (closed-pipe.ts) write to the descriptor while the standard stream does not exist:
 * what they do when the descriptor cannot take the text (a full non-blocking pipe, a closed pipe, any
 * other failure). node:fs's writeSync is replaced here; the process tests (closed-pipe.test.ts,
 * bundle.test.ts) run the real thing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const writeSync = vi.fn<(fd: number, b: Buffer, offset: number) => number>();
vi.mock('node:fs', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:fs')>()), writeSync: (fd: number, b: Buffer, offset: number) => writeSync(fd, b, offset) }));

const { endQuietlyOnClosedPipes, outputQueued, writeOut } = await import('./closed-pipe.js');

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code });
}

// The stream as Node's own getter gives it, taken before the lazy getter is installed (looking through that one would create it).
const nodeStdout = Object.getOwnPropertyDescriptor(process, 'stdout')!.get!.call(process) as NodeJS.WriteStream;
const toStream = vi.spyOn(nodeStdout, 'write').mockImplementation(() => true);
endQuietlyOnClosedPipes('test-program');

describe('writing to a standard stream not created yet', () => {
  beforeEach(() => {
    writeSync.mockReset();
    toStream.mockClear();
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as typeof process.exit);
  });
  afterEach(() => {
    process.exitCode = undefined;
    vi.mocked(process.exit).mockRestore();
  });

  it('writes everything to the descriptor, a partial write at a time', () => {
    const chunks: Buffer[] = [];
    writeSync.mockImplementation((fd, b, offset) => {
      expect(fd).toBe(1);
      const n = Math.min(2, b.length - offset);
      chunks.push(Buffer.from(b.subarray(offset, offset + n)));
      return n;
    });
    writeOut('héllo');
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 2]); // 'é' is two bytes: the text goes as bytes
    expect(Buffer.concat(chunks).toString()).toBe('héllo');
    expect(toStream).not.toHaveBeenCalled();
    expect(outputQueued()).toBe(false);
  });

  it('a stopped closed pipe ends the process with its exit code, or 3 before it has one', () => {
    writeSync.mockImplementation(() => {
      throw errno('EPIPE');
    });
    expect(() => writeOut('x\n')).toThrow('exit 3');
    process.exitCode = 1;
    expect(() => writeOut('x\n')).toThrow('exit 1');
  });

  it('any other failure is one line on stderr and exit 2', () => {
    const lines: string[] = [];
    writeSync.mockImplementation((fd, b, offset) => {
      if (fd === 1) throw errno('EIO');
      lines.push(b.subarray(offset).toString());
      return b.length - offset;
    });
    expect(() => writeOut('x\n')).toThrow('exit 2');
    expect(lines).toEqual(['test-program: cannot write to stdout: EIO: failed\n']);
  });

  it('a full non-blocking descriptor hands the rest to the stream, which then takes everything after it', () => {
    let calls = 0;
    writeSync.mockImplementation((_fd, b, offset) => {
      if (calls++ === 0) return 3;
      throw errno('EAGAIN');
    });
    writeOut('abcdefg');
    expect(toStream.mock.calls.map(([chunk]) => Buffer.from(chunk as Uint8Array).toString())).toEqual(['defg']);
    writeOut('more\n');
    expect(writeSync).toHaveBeenCalledTimes(2); // the stream exists now: no more direct writes
    expect(toStream.mock.calls.at(-1)![0]).toBe('more\n');
  });
});
