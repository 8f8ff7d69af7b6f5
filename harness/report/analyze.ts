/**
 * What a report says about one input: its verdict, the witness and its
 * plain-words explanation. A recorded history (no header) is checked for
 * linearizability as `quorate check` does; a simulated run's trace carries
 * its own verdicts (property events), and when it failed linearizability
 * the checker is run on its history to get the witness to draw. The check
 * is bounded by search steps, not time, so the same input always gives the
 * same report.
 */
import type { CheckResult, Witness } from '../../spec/check-result.js';
import { inferModel } from '../../spec/models.js';
import type { Model } from '../../spec/model.js';
import { validateForModel } from '../../traces/read-history.js';
import { checkOperationsSync } from '../check/linearizability.js';
import { fmtTime } from '../run/format-time.js';
import { explainWitness, type Explanation } from './explain.js';
import type { ReportTrace } from './report-trace.js';

/** Search steps a report's own check may take before it says unknown. */
export const REPORT_CHECK_STEPS = 50_000_000;

/** A property the trace records as broken. */
export interface BrokenProperty {
  readonly property: string;
  readonly kind: string;
  readonly time: number;
  readonly line: number;
  readonly detail: string;
}

/** The verdict of one input with everything the report shows about it. */
export interface Analysis {
  readonly trace: ReportTrace;
  readonly model: string | undefined;
  /** `linearizable`, `not-linearizable`, `unknown` for a history; `pass`, `fail` for a simulated run. */
  readonly verdict: string;
  readonly reason?: string;
  readonly witness?: Witness;
  /** The plain-words explanation (absent when there is nothing wrong). */
  readonly explanation?: Explanation | { readonly text: string };
  readonly broken: readonly BrokenProperty[];
}

function brokenProperties(t: ReportTrace): BrokenProperty[] {
  return t.events
    .filter((e) => e.type === 'property' && e.e['holds'] === false)
    .map((e) => ({
      property: String(e.e['name']), kind: String(e.e['kind']), time: e.time, line: e.line,
      detail: typeof e.e['detail'] === 'string' ? e.e['detail'] : JSON.stringify(e.e['detail'] ?? null),
    }));
}

/** The time recorded at each line of operation events (for the explanation's "line N (12.345 ms)"). */
function timeIndex(t: ReportTrace): (line: number) => number | undefined {
  const m = new Map<number, number>();
  for (const o of t.ops) {
    if (o.callTime !== undefined) m.set(o.callLine, o.callTime);
    if (o.retLine !== undefined && o.retTime !== undefined) m.set(o.retLine, o.retTime);
  }
  return (line) => m.get(line);
}

function linCheck(t: ReportTrace, model: Model): CheckResult {
  const r = checkOperationsSync(t.history.ops, model, { maxSteps: REPORT_CHECK_STEPS });
  if (r.verdict === 'unknown') return { verdict: 'unknown', reason: r.reason };
  return r.verdict === 'linearizable' ? { verdict: 'linearizable' } : { verdict: r.verdict, witness: r.witness };
}

/** A simulated run's verdict when the caller knows it (a replay just ran it); a trace file records only what failed. */
export interface RunVerdict {
  readonly verdict: 'pass' | 'fail' | 'unknown';
  readonly reason?: string;
}

/**
 * Analyzes `t`; `given` is a check already made of the same history (by `quorate check`), reused
 * rather than repeated; `run` is the verdict of the simulated run that wrote `t`, when known.
 */
export function analyze(t: ReportTrace, given?: CheckResult & { readonly model?: string }, run?: RunVerdict): Analysis {
  const broken = brokenProperties(t);
  const simulated = t.header !== undefined && t.header.inputs !== undefined;
  const inferred = inferModel(t.history.fs);
  const model = 'model' in inferred ? inferred.model : undefined;
  const modelName = given?.model ?? model?.name;
  const withWitness = (r: CheckResult, verdict?: string): Analysis => {
    if ('witness' in r) {
      return { trace: t, model: modelName, verdict: verdict ?? r.verdict, witness: r.witness, explanation: explainWitness(r.witness, timeIndex(t)), broken };
    }
    if ('reason' in r) return { trace: t, model: modelName, verdict: verdict ?? 'unknown', reason: r.reason, broken };
    return { trace: t, model: modelName, verdict: verdict ?? r.verdict, broken };
  };
  if (given !== undefined) return withWitness(given);
  if (simulated) {
    if (broken.length === 0) {
      // A trace records the properties that failed, not a budget that ran out: without the run's own verdict, no failure recorded is not a pass.
      if (run !== undefined) return { trace: t, model: modelName, verdict: run.verdict, ...(run.reason === undefined ? {} : { reason: run.reason }), broken };
      return { trace: t, model: modelName, verdict: 'unknown', reason: 'the trace records no broken property, but a trace does not record whether the run hit a budget: `quorate replay` it for its verdict', broken };
    }
    const lin = broken.find((b) => b.property === 'linearizability');
    if (lin !== undefined && model !== undefined) {
      const r = linCheck(t, model);
      if ('witness' in r) return withWitness(r, 'fail');
    }
    const b = broken[0] as BrokenProperty;
    const text = `${b.property} (${b.kind}) failed at ${fmtTime(b.time)} (line ${b.line}): ${b.detail.split('\n')[0] ?? ''}`;
    return { trace: t, model: modelName, verdict: 'fail', explanation: { text }, broken };
  }
  if (model === undefined) return { trace: t, model: undefined, verdict: 'unknown', reason: (inferred as { error: string }).error, broken };
  validateForModel(t.history, model);
  return withWitness(linCheck(t, model));
}
