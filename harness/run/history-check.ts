/**
 * Linearizability of a run's recorded history: the driver's records become
 * checker Operations (`fail` dropped, `info` and open ones indeterminate,
 * positions = order among op events) and go through the deterministic,
 * step-bounded checker. A violation is described with the witness's
 * operations, their processes and invoke/complete times.
 */
import type { Model } from '../../spec/model.js';
import type { Operation } from '../../traces/history.js';
import type { WitnessOp } from '../../spec/check-result.js';
import { checkOperationsSync } from '../check/linearizability.js';
import type { OpRecord } from '../workload/driver.js';
import { fmtTime } from './format-time.js';
import type { Failure } from './failure.js';

/** The history of a run as checker operations (dense ids in invocation order). */
export function operationsOf(records: readonly OpRecord[]): Operation[] {
  const ops: Operation[] = [];
  for (const r of records) {
    if (r.status === 'fail') continue;
    const ok = r.status === 'ok';
    ops.push({
      id: ops.length, process: r.process, f: r.f, key: r.key, input: r.input, output: ok ? r.output : undefined,
      status: ok ? 'ok' : 'info', call: r.invokePos, ret: ok ? (r.completePos as number) : Infinity,
      callLine: r.invokePos + 1, retLine: r.completePos === undefined ? undefined : r.completePos + 1,
    });
  }
  return ops;
}

/** What the check concluded. */
export type HistoryVerdict = { readonly verdict: 'linearizable' } | { readonly verdict: 'unknown'; readonly reason: string } | { readonly verdict: 'not-linearizable'; readonly failure: Failure };

/** Checks the run's history against `model` within `maxSteps` search steps. */
export function checkHistory(records: readonly OpRecord[], model: Model, maxSteps: number): HistoryVerdict {
  const ops = operationsOf(records);
  const res = checkOperationsSync(ops, model, { maxSteps });
  if (res.verdict === 'linearizable') return { verdict: 'linearizable' };
  if (res.verdict === 'unknown') return { verdict: 'unknown', reason: res.reason };
  // A witness names operations by line; operationsOf made each line its invocation position + 1.
  const byCall = new Map(records.map((r) => [r.invokePos + 1, r]));
  const line = (op: WitnessOp): string => {
    const r = byCall.get(op.lines.invoke);
    const done = r?.completeTime === undefined ? (r?.status === 'info' ? 'info' : 'open') : fmtTime(r.completeTime);
    return `    process ${String(op.process)}  [${r === undefined ? '?' : fmtTime(r.invokeTime)} → ${done}]  ${op.describe}`;
  };
  const w = res.witness;
  const key = w.key === null ? '' : ` on key ${JSON.stringify(w.key)}`;
  const detail = [
    `not linearizable${key}; a minimal non-linearizable sub-history:`,
    ...w.ops.map(line),
    `  linearizable prefix ends in state ${w.state}; cannot place next: ${w.stuck.map((o) => o.describe).join(', ') || '-'}`,
  ].join('\n');
  // The witness is a non-linearizable sub-history of a prefix; the prefix ends with its last event.
  let horizon = 0;
  for (const op of w.ops) {
    const r = byCall.get(op.lines.invoke);
    if (r !== undefined) horizon = Math.max(horizon, op.status === 'ok' && r.completeTime !== undefined ? r.completeTime : r.invokeTime);
  }
  return { verdict: 'not-linearizable', failure: { property: 'linearizability', kind: 'linearizability', detail, horizon } };
}
