/**
 * A history as checkers see it: completed or indeterminate operations with
 * their invocation and completion positions in real-time order. `fail`
 * operations never took effect and are left out (as Jepsen and Knossos do);
 * an operation still open at the end of the history counts as `info`.
 */
import type { JsonValue, ProcessId } from './schema/trace-v1.js';

/** One logical client operation after pairing invoke with its completion. */
export interface Operation {
  /**
   * Index in invocation order: dense (0..n-1) in a history as read; a partition of it
   * (`Model.partition`) keeps its history's ids, so there they increase but are not dense.
   */
  readonly id: number;
  readonly process: ProcessId;
  /**
   * The client session the operation belongs to, when it is not the process (Jepsen gives a
   * client a new process after an `info`; a simulated client keeps its session across those).
   * Absent: the session is the process. Session order and session guarantees read it.
   */
  readonly session?: ProcessId;
  readonly f: string;
  readonly key: string | undefined;
  /** The invocation's value (`null` for reads). */
  readonly input: JsonValue;
  /** The completion's value for `ok`; `undefined` for `info` (result unknown). */
  readonly output: JsonValue | undefined;
  readonly status: 'ok' | 'info';
  /** Position of the invocation event (index among all events; smaller = earlier). */
  readonly call: number;
  /** Position of the completion event; `Infinity` for `info` or open operations. */
  readonly ret: number;
  /** 1-based line of the invocation in the source file, for reports. */
  readonly callLine: number;
  /** 1-based line of the completion in the source file (`undefined` when none). */
  readonly retLine: number | undefined;
}

/** A whole parsed history. */
export interface History {
  /** The file (or label) it came from, for messages. */
  readonly source: string;
  /** Operations that may have taken effect, in invocation order (`id` = index). */
  readonly ops: readonly Operation[];
  /** How many `fail` operations were dropped. */
  readonly failed: number;
  /** Fault annotations (Jepsen `:nemesis` events), kept for reports. */
  readonly annotations: readonly { readonly line: number; readonly f: string; readonly value: JsonValue | undefined; readonly phase: string }[];
}
