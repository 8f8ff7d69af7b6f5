/**
 * Errors at the edges: every bad input becomes one of these, and the CLI prints
 * its message as one line, compiler style (`h.jsonl:17: "type" must be ...`),
 * and exits 2. Inside the tool, input is trusted.
 */

/**
 * The classes an error was built by, under a registry symbol: `instanceof` reads it, so an error
 * made by another copy of this module counts. The CLI runs from one bundled file (tools/bundle.ts)
 * while a user's `--model` or `--subsystem` module imports the library's own files; an InputError
 * thrown through the user's module must still end as one line and exit 2, not as an internal error.
 */
const LINEAGE = Symbol.for('quorate.error-lineage');

/** Base of quorate's typed errors; `code` is stable for programs. */
export class QuorateError extends Error {
  /** A stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'QuorateError';
    this.code = code;
    const lineage: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) lineage.push(lineageNameOf(c));
    Object.defineProperty(this, LINEAGE, { value: lineage });
  }

  /** The name `instanceof` matches on: fixed here, since a bundler may rename classes. */
  static readonly lineageName: string = 'QuorateError';

  static override [Symbol.hasInstance](x: unknown): boolean {
    if (typeof x !== 'object' || x === null) return false;
    const lineage = (x as { [LINEAGE]?: unknown })[LINEAGE];
    if (!Array.isArray(lineage)) return Function.prototype[Symbol.hasInstance].call(this, x);
    return lineage.includes(lineageNameOf(this));
  }
}

/** A class's own `lineageName`, else its name (a subclass that sets none is matched by its class name). */
function lineageNameOf(c: Function): string {
  return Object.hasOwn(c, 'lineageName') ? (c as unknown as { readonly lineageName: string }).lineageName : c.name;
}

/** Where in an input file an error was found. */
export interface SourcePos {
  readonly file: string;
  readonly line?: number | undefined;
}

/** A malformed or inconsistent input file (exit 2). */
export class InputError extends QuorateError {
  static override readonly lineageName: string = 'InputError';
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
  static override readonly lineageName: string = 'UsageError';
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** A time, memory or size budget ran out: the verdict is `unknown` (exit 3), not an error. */
export class BudgetError extends QuorateError {
  static override readonly lineageName: string = 'BudgetError';
  constructor(message: string) {
    super('budget', message);
    this.name = 'BudgetError';
  }
}
