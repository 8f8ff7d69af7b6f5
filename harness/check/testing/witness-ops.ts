/**
 * Test helper: a witness names operations by their lines (plain data, the
 * same in the library and `--json`); to re-check a witness, turn it back
 * into checker Operations of the history it came from, cut as the witness
 * cuts them (an operation open at the cut is indeterminate).
 */
import type { Operation } from '../../../traces/history.js';
import type { Witness, WitnessOp } from '../../../spec/check-result.js';
import { renumber } from '../../../spec/model.js';

/** The operation of `source` that `w` shows, as `w` shows it (status relative to the cut). */
export function sourceOp(w: WitnessOp, source: readonly Operation[]): Operation {
  const op = source.find((o) => o.callLine === w.lines.invoke);
  if (op === undefined) throw new Error(`no operation invoked at line ${w.lines.invoke}`);
  if (w.status === op.status) return op;
  return { ...op, status: 'info', output: undefined, ret: Infinity, retLine: undefined };
}

/** The witness's operations as a history of checker Operations (ids renumbered). */
export function witnessHistory(w: Witness, source: readonly Operation[]): Operation[] {
  return renumber(w.ops.map((op) => sourceOp(op, source)));
}
