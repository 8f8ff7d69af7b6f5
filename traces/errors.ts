/**
 * Errors at the edges: every bad input becomes one of these, and the CLI prints
 * its message as one line, compiler style (`h.jsonl:17: "type" must be ...`),
 * and exits 2. Inside the tool, input is trusted.
 */

/** Base of quorate's typed errors; `code` is stable for programs. */
export class QuorateError extends Error {
  /** A stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'QuorateError';
    this.code = code;
  }
}

/** Where in an input file an error was found. */
export interface SourcePos {
  readonly file: string;
  readonly line?: number | undefined;
}

/** A malformed or inconsistent input file (exit 2). */
export class InputError extends QuorateError {
  readonly file: string;
  readonly line: number | undefined;
  constructor(pos: SourcePos, what: string, code = 'bad-input') {
    super(code, `${pos.file}${pos.line !== undefined ? `:${pos.line}` : ''}: ${what}`);
    this.name = 'InputError';
    this.file = pos.file;
    this.line = pos.line;
  }
}

/** A wrong command-line option or argument (exit 2). */
export class UsageError extends QuorateError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** A time, memory or size budget ran out: the verdict is `unknown` (exit 3), not an error. */
export class BudgetError extends QuorateError {
  constructor(message: string) {
    super('budget', message);
    this.name = 'BudgetError';
  }
}
