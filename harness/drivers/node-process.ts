/**
 * One node's operating-system process, held at arm's length: spawned without
 * a shell in its own process group (so a kill reaches whatever it forks),
 * stdout read line by line with a cap on line length, stderr kept as a
 * bounded tail in memory and a bounded file on disk, and a shutdown that
 * escalates from closing stdin to SIGTERM to SIGKILL. A node that floods
 * its stdout is slowed by pausing the pipe (the kernel then blocks its
 * writes) rather than by buffering without bound.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Envelope } from './maelstrom-protocol.js';

/** Process ids of node processes that have not been reaped yet (for the last-resort kill at exit). */
const LIVE = new Set<number>();

/** SIGKILLs every node process group still alive; for `process.on('exit')`, where nothing async runs. */
export function killAllNodesSync(): number {
  let n = 0;
  for (const pid of LIVE) {
    try {
      process.kill(-pid, 'SIGKILL');
      n++;
    } catch {
      // already gone
    }
  }
  LIVE.clear();
  return n;
}

/** What the process reports to its owner. */
export interface NodeProcessEvents {
  /** A complete stdout line (without the newline); `line` counts from 1 per incarnation. */
  onLine(text: string, line: number): void;
  /** A stdout line longer than the cap (the rest of it is discarded). */
  onLongLine(line: number, bytes: number): void;
  /** Its stderr passed the file cap; the rest is kept only as a tail in memory. */
  onStderrCapped(bytes: number): void;
  /** The process ended (or could not start: `error` set). */
  onExit(exit: NodeExit): void;
}

/** How a process ended. */
export interface NodeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  readonly error?: string;
}

/** Limits and placement of a node process. */
export interface NodeProcessOptions {
  readonly cwd: string;
  /** Longest stdout line accepted, bytes. */
  readonly maxLineBytes: number;
  /** Bytes of stderr kept in memory for diagnostics. */
  readonly stderrTailBytes: number;
  /** Where stderr is written (undefined: not written); at most `stderrFileBytes` per incarnation. */
  readonly stderrFile?: string | undefined;
  /** Append to `stderrFile` (a restarted node) instead of starting it afresh. */
  readonly stderrAppend: boolean;
  readonly stderrFileBytes: number;
}

/** A running (or finished) node process. */
export class NodeProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private partial = '';
  private partialBytes = 0;
  private discarding = false;
  private lineNo = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private fileFd: number | undefined;
  private fileBytes = 0;
  /** Total stderr bytes written by this incarnation. */
  stderrBytes = 0;
  /** Set once the process has exited. */
  exit: NodeExit | undefined;
  /** Resolves when the process has exited (or failed to start). */
  readonly exited: Promise<NodeExit>;
  private resolveExit!: (e: NodeExit) => void;

  constructor(
    readonly id: string,
    private readonly argv: readonly string[],
    private readonly opts: NodeProcessOptions,
    private readonly events: NodeProcessEvents,
  ) {
    this.exited = new Promise((r) => (this.resolveExit = r));
  }

  /** Spawns the process; a failure to start arrives as `onExit` with `error`. */
  start(): void {
    if (this.opts.stderrFile !== undefined) this.fileFd = openSync(this.opts.stderrFile, this.opts.stderrAppend ? 'a' : 'w');
    const [cmd, ...args] = this.argv as [string, ...string[]];
    const child = spawn(cmd, args, { cwd: this.opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child = child;
    if (child.pid !== undefined) LIVE.add(child.pid);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => this.onStdout(s));
    child.stderr.on('data', (b: Buffer) => this.onStderr(b));
    // Writes to a node that died are lost like messages to a crashed machine; the exit is reported separately.
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => this.finish({ code: null, signal: null, error: e.message }));
    // 'close' comes after the last stdout and stderr bytes; a grandchild holding the pipes open must not delay the exit forever.
    child.on('exit', (code, signal) => {
      const e = { code, signal };
      setTimeout(() => this.finish(e), 300).unref();
      child.on('close', () => this.finish(e));
    });
  }

  /** The OS process id (undefined before start or when it could not start). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether the process is running. */
  get alive(): boolean {
    return this.child?.pid !== undefined && this.exit === undefined;
  }

  /** Writes `msg` as one line to its stdin (dropped when it has exited). */
  write(msg: Envelope): void {
    if (!this.alive) return;
    this.child?.stdin.write(`${JSON.stringify(msg)}\n`);
  }

  /** Bytes written to its stdin that the pipe has not taken yet. */
  get stdinBacklog(): number {
    return this.child?.stdin.writableLength ?? 0;
  }

  /** Stops reading stdout (the node blocks once the pipe is full). */
  pauseReading(): void {
    this.child?.stdout.pause();
  }

  /** Resumes reading stdout. */
  resumeReading(): void {
    this.child?.stdout.resume();
  }

  /** Sends `sig` to the node's process group; false when it is not running. */
  signal(sig: NodeJS.Signals): boolean {
    const pid = this.child?.pid;
    if (pid === undefined || this.exit !== undefined) return false;
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      try {
        process.kill(pid, sig);
        return true;
      } catch {
        return false;
      }
    }
  }

  /** SIGKILL the group and wait until the process is reaped. */
  async kill(): Promise<NodeExit> {
    this.signal('SIGKILL');
    return this.exited;
  }

  /**
   * Ends the process politely: close stdin, SIGCONT (in case it is paused), SIGTERM, and SIGKILL
   * after `graceMs`. Reports whether SIGTERM was ignored.
   */
  async stop(graceMs: number): Promise<{ readonly exit: NodeExit; readonly ignoredTerm: boolean }> {
    if (this.exit !== undefined || this.child?.pid === undefined) return { exit: await this.exited, ignoredTerm: false };
    this.child.stdin.end();
    this.signal('SIGCONT');
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.signal('SIGKILL');
    const exit = await this.exited;
    return { exit, ignoredTerm: timedOut };
  }

  /** The last bytes it wrote to stderr, as text. */
  stderrTail(): string {
    return Buffer.concat(this.tail).toString('utf8');
  }

  /** Stdout lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  private onStdout(s: string): void {
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      const piece = nl < 0 ? s.slice(start) : s.slice(start, nl);
      if (!this.discarding) {
        this.partial += piece;
        this.partialBytes += piece.length;
        if (this.partialBytes > this.opts.maxLineBytes) {
          this.discarding = true;
          this.partial = '';
        }
      } else {
        this.partialBytes += piece.length;
      }
      if (nl < 0) break;
      this.lineNo++;
      if (this.discarding) {
        this.events.onLongLine(this.lineNo, this.partialBytes);
      } else {
        const text = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
        if (text.trim() !== '') this.events.onLine(text, this.lineNo);
      }
      this.partial = '';
      this.partialBytes = 0;
      this.discarding = false;
      start = nl + 1;
    }
    // A line that never ends is reported as soon as it passes the cap, not at the next newline.
    if (this.discarding && this.partialBytes > this.opts.maxLineBytes && this.partialBytes - s.length <= this.opts.maxLineBytes) {
      this.events.onLongLine(this.lineNo + 1, this.partialBytes);
    }
  }

  private onStderr(b: Buffer): void {
    this.stderrBytes += b.length;
    this.tail.push(b);
    this.tailBytes += b.length;
    while (this.tailBytes - (this.tail[0]?.length ?? 0) >= this.opts.stderrTailBytes && this.tail.length > 1) {
      this.tailBytes -= (this.tail.shift() as Buffer).length;
    }
    if (this.fileFd !== undefined && this.fileBytes < this.opts.stderrFileBytes) {
      const room = this.opts.stderrFileBytes - this.fileBytes;
      const part = b.length <= room ? b : b.subarray(0, room);
      writeSync(this.fileFd, part);
      this.fileBytes += part.length;
      if (this.fileBytes >= this.opts.stderrFileBytes) {
        writeSync(this.fileFd, `\n[quorate: the rest of ${this.id}'s stderr is not kept]\n`);
        this.events.onStderrCapped(this.fileBytes);
      }
    }
  }

  private finish(e: NodeExit): void {
    if (this.exit !== undefined) return;
    this.exit = e;
    if (this.child?.pid !== undefined) LIVE.delete(this.child.pid);
    if (this.fileFd !== undefined) {
      closeSync(this.fileFd);
      this.fileFd = undefined;
    }
    this.resolveExit(e);
    this.events.onExit(e);
  }
}
