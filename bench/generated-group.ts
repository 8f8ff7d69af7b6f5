/**
 * A benchmark group over one generated, linearizable-by-construction kv
 * history (MIT-lab workload): generation and checking are timed separately.
 */
import { generateHistory } from '../harness/workload/gen-history.js';
import { checkOperations } from '../harness/check/linearizability.js';
import { kvModel } from '../spec/kv.js';
import type { Model } from '../spec/model.js';
import type { AnchorKind, BenchGroup, GroupMeasurement } from './bench-group.js';
import { VerdictCounter } from './expected-verdict.js';

/** What a generated group checks. */
export interface GeneratedGroupOptions {
  readonly name: string;
  readonly ops: number;
  /** Fraction of indeterminate (never-returning) operations. */
  readonly infoRate: number;
  readonly anchorMs?: number;
  readonly anchorKind?: AnchorKind;
  readonly targetPeakMB?: number;
  /** Budget for the check; past it the verdict is `unknown` and shows as a mismatch. */
  readonly timeoutMs: number;
  readonly seed?: number;
}

/** Histories of 10 keys and 20 clients, like Porcupine's c10/c50 kv tests but longer. */
export function generatedGroup(o: GeneratedGroupOptions): BenchGroup {
  const shape = { model: 'kv' as const, ops: o.ops, keys: 10, clients: 20, infoRate: o.infoRate, seed: o.seed ?? 20_240_601 };
  return {
    name: o.name,
    description: `generated linearizable kv history: ${o.ops.toLocaleString('en-US')} ops, 10 keys, 20 clients, ${o.infoRate * 100}% indeterminate`,
    anchorMs: o.anchorMs,
    anchorKind: o.anchorKind,
    targetPeakMB: o.targetPeakMB,
    async run(): Promise<GroupMeasurement> {
      const g0 = performance.now();
      const h = generateHistory(shape);
      const genMs = performance.now() - g0;
      const verdicts = new VerdictCounter();
      const start = performance.now();
      const r = await checkOperations(h.ops, kvModel as Model, { timeoutMs: o.timeoutMs, minimize: false });
      const checkMs = performance.now() - start;
      verdicts.add(h.source, 'ok', r);
      const info = h.ops.reduce((n, op) => n + (op.status === 'info' ? 1 : 0), 0);
      return {
        files: 1,
        ops: h.ops.length,
        genMs,
        checkMs,
        memoPeakBytes: r.stats.peakMemoBytes,
        verdicts: verdicts.tally(),
        notes: [`${info} indeterminate ops; ${r.stats.steps} search steps over ${r.stats.partitions} partitions`],
      };
    },
  };
}
