/**
 * The progress bar of a long run on stderr: seeds done, failures, rate and
 * ETA. Drawn by cli-progress (throttled redraws, terminal width, ETA
 * smoothing); silent when stderr is not a terminal, so CI logs stay clean.
 */
import { SingleBar } from 'cli-progress';

/** The progress display of one run. */
export class ProgressLine {
  private bar: SingleBar | undefined;
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = stream.isTTY === true;
  }

  /** Shows `done` of `total` seeds and the failures so far. */
  update(done: number, total: number, failures: number): void {
    if (!this.tty) return;
    if (this.bar === undefined) {
      this.bar = new SingleBar({
        stream: this.stream,
        format: 'seeds {bar} {value}/{total} | {failures} failed | {rate} seeds/s | ETA {eta_formatted}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        fps: 10,
        etaBuffer: 200,
      });
      this.bar.start(total, 0, { failures: 0, rate: '0' });
      this.started = Date.now();
    }
    const secs = (Date.now() - this.started) / 1000;
    this.bar.update(done, { failures, rate: secs > 0 ? (done / secs).toFixed(0) : '0' });
  }

  private started = 0;

  /** Removes the bar. */
  clear(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
