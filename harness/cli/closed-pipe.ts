/**
 * A reader that stops early (`quorate run --json | head -1`, `node dist/bench/main.js --list | head`)
 * closes the pipe: that ends the program at once and quietly, never with an EPIPE stack trace. The
 * exit code is the program's if it had finished, else 3 (inconclusive: it was cut short). Any other
 * failure to write is one line and exit 2.
 *
 * Node creates `process.stdout` and `process.stderr` on first use, and for a pipe (a CI job's
 * captured output) that loads its networking and stream modules: about 3.5 ms, a tenth of what a
 * check of a small file does after Node's own start-up. So the handler is installed on each stream
 * when it is created, not by creating it; and `writeOut`/`writeErr`, which `quorate check` writes
 * with, write straight to the file descriptor while the stream does not exist. Once it does, they
 * write through it, so output keeps its order whichever way each piece went.
 */
import { writeSync } from 'node:fs';
import { EXIT } from './exit.js';

type StreamName = 'stdout' | 'stderr';

/**
 * Which standard streams exist, and the program the handler names. Process-wide (a global symbol), not
 * per module copy: the bundled `check` and the modules loaded one by one each have a copy of this
 * module, and main.cts reads it to exit without creating a stream (`outputQueued`).
 */
interface StreamsState {
  readonly created: Record<StreamName, boolean>;
  program: string;
  /** Set while `withOutputDropped` runs. */
  dropped: boolean;
}
const STATE = Symbol.for('quorate.standardStreams');
const FD: Record<StreamName, number> = { stdout: 1, stderr: 2 };

function state(): StreamsState | undefined {
  return (globalThis as { [STATE]?: StreamsState })[STATE];
}

/** Installs the handler on `stream`; the program `s` names at the time prefixes the message. */
function install(stream: NodeJS.WriteStream, name: StreamName, s: StreamsState): void {
  s.created[name] = true;
  stream.on('error', (e: NodeJS.ErrnoException) => failed(e, name, s.program));
}

function failed(e: NodeJS.ErrnoException, name: string, program: string): never {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.unknown);
  if (name !== 'stderr') writeErr(`${program}: cannot write to ${name}: ${e.message}\n`);
  process.exit(EXIT.usage);
}

/**
 * The handler on standard output and standard error both, each installed when the stream is created
 * (at once if it already exists). Calling it again only changes the program named.
 */
export function endQuietlyOnClosedPipes(program = 'quorate'): void {
  const known = state();
  if (known !== undefined) {
    known.program = program;
    return;
  }
  const s: StreamsState = { created: { stdout: false, stderr: false }, program, dropped: false };
  (globalThis as { [STATE]?: StreamsState })[STATE] = s;
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    if (own?.get === undefined || own.configurable !== true) {
      // Not Node's lazy getter (an embedder's stream): install on it now.
      install(process[name], name, s);
      continue;
    }
    const nodeGetter = own.get;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable ?? true,
      get() {
        Object.defineProperty(process, name, own); // Node's getter again: it returns the one stream from now on
        const stream = nodeGetter.call(process) as NodeJS.WriteStream;
        install(stream, name, s);
        return stream;
      },
    });
  }
}

/** Writes `text` to standard output (see above). */
export function writeOut(text: string): void {
  write('stdout', text);
}

/** Writes `text` to standard error (see above). */
export function writeErr(text: string): void {
  write('stderr', text);
}

function write(name: StreamName, text: string): void {
  const s = state();
  if (s?.dropped) return;
  if (s === undefined || s.created[name]) {
    process[name].write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(FD[name], bytes, done);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // A non-blocking descriptor that is full: the stream queues the rest and writes it when it can.
      if (err.code === 'EAGAIN') {
        process[name].write(bytes.subarray(done));
        return;
      }
      failed(err, name, s.program);
    }
  }
}

/**
 * Runs `f` with what `writeOut` and `writeErr` are given dropped, in this module copy and every other
 * (the build's warm-up runs of `check`, tools/bundle.ts).
 */
export async function withOutputDropped<T>(f: () => Promise<T>): Promise<T> {
  endQuietlyOnClosedPipes();
  const s = state()!;
  const was = s.dropped;
  s.dropped = true;
  try {
    return await f();
  } finally {
    s.dropped = was;
  }
}

/**
 * Whether output given to a stream is still waiting to be written (false for a stream never created:
 * `writeOut` and `writeErr` wrote everything before they returned). Does not create a stream.
 */
export function outputQueued(): boolean {
  const s = state();
  return (['stdout', 'stderr'] as const).some((name) => (s === undefined || s.created[name]) && process[name].writableLength > 0);
}
