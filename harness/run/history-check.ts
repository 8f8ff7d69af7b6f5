/**
 * The history check of a run: what the subsystem claims (`claims`, default
 * linearizability). The driver's records become checker Operations (`fail`
 * dropped, `info` and open ones indeterminate, positions = order among op
 * events, session = the client) and go through the deterministic,
 * step-bounded checker of the claimed consistency model, or the subsystem's
 * own check. A violation is described with the witness's operations, their
 * processes and invoke/complete times.
 */
import type { Model } from '../../spec/model.js';
import type { Operation } from '../../traces/history.js';
import type { WitnessOp } from '../../spec/check-result.js';
import type { ConsistencyModel } from '../../spec/consistency/index.js';
import { FINAL_READ } from '../../spec/consistency/eventual.js';
import { checkOperationsSync } from '../check/linearizability.js';
import { checkConsistency } from '../check/consistency/index.js';
import { type HistoryClaim, type RunHistory, claimsOf } from '../subsystems/descriptor.js';

export { claimsOf };
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
      id: ops.length, process: r.process, session: r.session, f: r.f, key: r.key, input: r.input, output: ok ? r.output : undefined,
      status: ok ? 'ok' : 'info', call: r.invokePos, ret: ok ? (r.completePos as number) : Infinity,
      callLine: r.invokePos + 1, retLine: r.completePos === undefined ? undefined : r.completePos + 1,
    });
  }
  return ops;
}

/** The properties a descriptor's claims report failures under. */
export function claimProperties(claims: HistoryClaim | readonly HistoryClaim[] | undefined): string[] {
  return claimsOf(claims).map(claimProperty);
}

/** The property a claim's failures report: `linearizability` for `linearizable` (as mutants name it), else the model's or the check's name. */
export function claimProperty(claim: HistoryClaim | undefined): string {
  if (claim === undefined || claim === 'linearizable') return 'linearizability';
  return typeof claim === 'string' ? claim : claim.name;
}

/** What a claim check concluded. */
export type ClaimVerdict = { readonly verdict: 'pass' } | { readonly verdict: 'unknown'; readonly reason: string } | { readonly verdict: 'fail'; readonly failure: Failure };

/**
 * The records a model judges: the final reads (the runner's direct reads of each replica after the
 * quiet period, descriptor.ts `finalReads`) only for `eventual`, which is defined on them; the other
 * models speak of what clients saw, and none of them knows the operation.
 */
export function recordsFor(name: ConsistencyModel, records: readonly OpRecord[]): readonly OpRecord[] {
  return name === 'eventual' || !records.some((r) => r.f === FINAL_READ) ? records : records.filter((r) => r.f !== FINAL_READ);
}

/** Checks the run's history against what the subsystem claims, within `maxSteps` search steps. */
export function checkClaim(claim: HistoryClaim | undefined, history: RunHistory, model: Model, maxSteps: number): ClaimVerdict {
  if (claim === undefined || claim === 'linearizable') {
    const lin = checkHistory(recordsFor('linearizable', history.records), model, maxSteps);
    return lin.verdict === 'linearizable' ? { verdict: 'pass' } : lin.verdict === 'unknown' ? lin : { verdict: 'fail', failure: lin.failure };
  }
  if (typeof claim === 'string') return checkModelClaim(claim, recordsFor(claim, history.records), model, maxSteps);
  const out = claim.check(history, { maxSteps });
  if (out.verdict !== 'fail') return out;
  const failure: Failure = { property: claim.name, kind: 'history', detail: out.detail, ...(out.horizon === undefined ? {} : { horizon: out.horizon }) };
  return { verdict: 'fail', failure };
}

/** Checks the run's history against consistency model `name` (not `linearizable`: that is `checkHistory`, with its minimized witness). */
export function checkModelClaim(name: ConsistencyModel, records: readonly OpRecord[], model: Model, maxSteps: number): ClaimVerdict {
  const ops = operationsOf(records);
  const res = checkConsistency(name, ops, { model, maxSteps });
  if (res.verdict === 'unknown') return { verdict: 'unknown', reason: `${name}: ${res.reason}` };
  if (!('witness' in res)) return { verdict: 'pass' };
  const byCall = byLine(records);
  const w = res.witness;
  const line = (op: Operation): string =>
    `    process ${String(op.process)} (session ${String(op.session ?? op.process)})  ${span(byCall.get(op.callLine))}  ${model.describe(op)}`;
  const key = w.key === undefined ? '' : ` on key ${JSON.stringify(w.key)}`;
  const detail = [`not ${name}${key}: bad pattern ${w.pattern} formed by:`, ...w.ops.map(line)].join('\n');
  let horizon = 0;
  for (const op of w.ops) {
    const r = byCall.get(op.callLine);
    if (r !== undefined) horizon = Math.max(horizon, r.completeTime ?? r.invokeTime);
  }
  return { verdict: 'fail', failure: { property: name, kind: 'history', detail, horizon } };
}

/** The records by the line a witness names them with: operationsOf made each line its invocation position + 1. */
const byLine = (records: readonly OpRecord[]): Map<number, OpRecord> => new Map(records.map((r) => [r.invokePos + 1, r]));

/** A witness operation's virtual times, `[invoked → completed]` (`info` or `open` when it did not complete). */
function span(r: OpRecord | undefined): string {
  const done = r?.completeTime === undefined ? (r?.status === 'info' ? 'info' : 'open') : fmtTime(r.completeTime);
  return `[${r === undefined ? '?' : fmtTime(r.invokeTime)} → ${done}]`;
}

/** What the linearizability check concluded. */
export type HistoryVerdict = { readonly verdict: 'linearizable' } | { readonly verdict: 'unknown'; readonly reason: string } | { readonly verdict: 'not-linearizable'; readonly failure: Failure };

/** Checks the run's history against `model` within `maxSteps` search steps. */
export function checkHistory(records: readonly OpRecord[], model: Model, maxSteps: number): HistoryVerdict {
  const ops = operationsOf(records);
  const res = checkOperationsSync(ops, model, { maxSteps });
  if (res.verdict === 'linearizable') return { verdict: 'linearizable' };
  if (res.verdict === 'unknown') return { verdict: 'unknown', reason: res.reason };
  const byCall = byLine(records);
  const line = (op: WitnessOp): string => `    process ${String(op.process)}  ${span(byCall.get(op.lines.invoke))}  ${op.describe}`;
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
