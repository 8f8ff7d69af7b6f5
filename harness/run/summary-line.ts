/**
 * The last line of `quorate run --json`: the run's summary, and its plan —
 * what was asked for (version, subsystems, mutant, base seed, seed count,
 * shard) — so that `quorate merge` can tell shards of one run from
 * strangers and judge coverage on their union. The schema is what merge
 * validates a shard's line against (ajv, at the edge).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Shard } from './seed-plan.js';
import type { RunSummary } from './summary.js';

const Count = Type.Integer({ minimum: 0 });

/** What a run was asked to do; equal across the shards of one run but for `shard.index`. */
export const RunPlan = Type.Object({
  quorate: Type.String(),
  subsystems: Type.Array(Type.String()),
  mutant: Type.Union([Type.String(), Type.Null()]),
  baseSeed: Count,
  /** Seeds per subsystem of the whole run (`--seeds`), all shards together. */
  seeds: Type.Integer({ minimum: 1 }),
  shard: Type.Union([Type.Object({ index: Type.Integer({ minimum: 1 }), count: Type.Integer({ minimum: 1 }) }), Type.Null()]),
});
/** A run's plan. */
export type RunPlan = Static<typeof RunPlan>;

/** One subsystem's aggregates, as in RunSummary. */
export const SubsystemSummaryLine = Type.Object({
  subsystem: Type.String(),
  mutant: Type.Union([Type.String(), Type.Null()]),
  seeds: Count, passed: Count, failed: Count, unknown: Count,
  coverage: Type.Record(Type.String(), Count),
  eventuallyExercised: Count,
  faults: Type.Record(Type.String(), Count),
});

/** The summary line (`type: "summary"`). */
export const SummaryLine = Type.Object({
  type: Type.Literal('summary'),
  plan: RunPlan,
  seeds: Count,
  failures: Count,
  unknown: Count,
  ms: Type.Number({ minimum: 0 }),
  subsystems: Type.Array(SubsystemSummaryLine),
  coverageGaps: Type.Array(Type.String()),
  /** Whether the gaps failed this run (coverage-policy.ts). */
  coverageFails: Type.Boolean(),
  exit: Count,
});
/** A summary line. */
export type SummaryLine = Static<typeof SummaryLine>;

/** The plan of a run with these options. */
export function runPlan(o: { quorate: string; subsystems: readonly string[]; mutant: string | undefined; baseSeed: number; seeds: number; shard: Shard | undefined }): RunPlan {
  return { quorate: o.quorate, subsystems: [...o.subsystems], mutant: o.mutant ?? null, baseSeed: o.baseSeed, seeds: o.seeds, shard: o.shard === undefined ? null : { index: o.shard.index, count: o.shard.count } };
}

/** The summary line of summary `s` of a run planned as `plan`, which exits `exit`. */
export function summaryLine(plan: RunPlan, s: RunSummary, coverageFails: boolean, exit: number): SummaryLine & { readonly coverage: Record<string, Record<string, number>> } {
  const coverage = Object.fromEntries(s.subsystems.map((x) => [x.subsystem, { ...x.coverage, eventually: x.eventuallyExercised }]));
  return {
    type: 'summary', plan, seeds: s.seeds, failures: s.failures, unknown: s.unknown, ms: s.ms,
    coverage, coverageGaps: [...s.coverageGaps], coverageFails,
    subsystems: s.subsystems.map((x) => ({ ...x, coverage: { ...x.coverage }, faults: { ...x.faults } })), exit,
  };
}
