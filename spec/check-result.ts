/**
 * The result of a consistency check: a value, never an exception, in the one
 * vocabulary DESIGN.md ("Verdicts") gives the library, `--json` and the
 * terminal alike. A history check's verdict is the model's name
 * (`linearizable`), `not-` and the name (`not-linearizable`, with a witness),
 * or `unknown` (with a reason); a file that cannot be read is `error`.
 *
 * A witness is plain data (it survives `JSON.stringify` unchanged), so the
 * library's witness and the `--json` witness of the same file are equal.
 */
import type { JsonValue, ProcessId } from '../traces/schema/trace-v1.js';

/** Where a witness operation was invoked and completed: 1-based source lines (positions, for a simulated run). */
export interface WitnessLines {
  readonly invoke: number;
  /** The completion's line; `null` when the operation is indeterminate in this witness. */
  readonly complete: number | null;
  /**
   * Set when the operation did complete, at this line, but after the witness's cut: the witness is a
   * prefix of the history, so there it is open (`info`), in every table of the witness.
   */
  readonly completesAfterCut?: number;
  /** The line of its `info` completion, when the history recorded one (the outcome stays unknown). */
  readonly info?: number;
}

/** One operation of a witness, with the same fields everywhere. */
export interface WitnessOp {
  readonly process: ProcessId;
  readonly f: string;
  /** The operation's key; `null` for an operation without one. */
  readonly key: string | null;
  /** Jepsen's value: a completed read's result, otherwise the input (for writes and cas the result is the input again). */
  readonly value: JsonValue;
  /** `ok`, or `info`: indeterminate (no completion before the witness's cut); it may or may not have taken effect. */
  readonly status: 'ok' | 'info';
  readonly lines: WitnessLines;
  /** The operation as the model renders it, e.g. `read -> 1`. */
  readonly describe: string;
}

/** Evidence that a history does not satisfy a consistency model. */
export interface Witness {
  /** The key (partition) concerned; `null` for an unpartitioned history. */
  readonly key: string | null;
  /**
   * A small sub-history that already shows the violation: for linearizability the shortest
   * non-linearizable prefix (operations open at the cut are indeterminate), with as many
   * reads removed as possible. Writes are never removed.
   */
  readonly ops: readonly WitnessOp[];
  /**
   * The named pattern or property the operations show, as spec/consistency names them:
   * `no-linearization` (no order of them is linearizable), `WriteCORead`, ...
   */
  readonly pattern: string;
  /** The longest prefix of `ops` that could be ordered, in that order. */
  readonly linearized: readonly WitnessOp[];
  /** Operations of `ops` that no order can place after `linearized` (the first one is the culprit). */
  readonly stuck: readonly WitnessOp[];
  /** The model state after `linearized`, rendered. */
  readonly state: string;
  /**
   * How far `ops` was minimized (linearizability witnesses): `minimal` = shown to be the shortest
   * failing prefix with no read removable; `partial` = it still violates, but may hold more than
   * needed: `undecided` cuts or single reads had a probe that ran out of steps or time, or none;
   * `none` = not minimized.
   * Absent for witnesses that are minimal by construction (the consistency checkers' patterns).
   */
  readonly minimized?: { readonly status: 'minimal' | 'partial' | 'none'; readonly undecided: number };
}

/** The outcome of checking one history against the consistency model named `M`. */
export type CheckResult<M extends string = 'linearizable'> =
  | { readonly verdict: M }
  | { readonly verdict: `not-${M}`; readonly witness: Witness }
  | { readonly verdict: 'unknown'; readonly reason: string };

/** Every verdict a history check can reach, plus `error` for an input that could not be read. */
export type FileVerdict<M extends string = 'linearizable'> = CheckResult<M>['verdict'] | 'error';
