/**
 * A one-line progress display on stderr for long runs: seeds done, failures,
 * rate and ETA, redrawn in place at most ten times a second. Silent when
 * stderr is not a terminal (CI logs stay clean).
 */

/** The progress line of one run. */
export class ProgressLine {
  private last = 0;
  private readonly t0 = Date.now();
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = stream.isTTY === true;
  }

  /** Redraws the line (throttled). */
  update(done: number, total: number, failures: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const secs = (now - this.t0) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    this.stream.write(`\r\x1b[K${done}/${total} seeds, ${failures} failed, ${rate.toFixed(0)} seeds/s, ETA ${eta} s`);
  }

  /** Erases the line. */
  clear(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}
