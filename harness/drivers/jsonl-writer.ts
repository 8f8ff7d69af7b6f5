/**
 * An append-only JSON Lines file written as a test runs, so an interrupted
 * test leaves everything recorded so far on disk.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

/** A JSONL file being written. */
export class JsonlWriter {
  private readonly stream: WriteStream;
  /** Lines written so far. */
  lines = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }

  /** Appends one value as a line. */
  write(value: unknown): void {
    this.lines++;
    this.stream.write(`${JSON.stringify(value)}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end((e?: Error | null) => (e ? reject(e) : resolve()));
    });
  }
}
