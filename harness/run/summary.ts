/**
 * The summary of a run over many seeds: verdict counts, `sometimes`
 * coverage and fault counts aggregated per subsystem, and coverage gaps — a
 * `sometimes` property that never happened in the whole run, i.e. a part of
 * the suite that exercised nothing (whether a gap fails the run is
 * coverage-policy.ts's call).
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { SeedOutcome } from './seed-outcome.js';
import { type ModelTally, tallyModels } from './model-tally.js';
import { claimsOf } from '../subsystems/descriptor.js';

/** Aggregates of one subsystem. */
export interface SubsystemSummary {
  readonly subsystem: string;
  readonly mutant: string | null;
  readonly seeds: number;
  readonly passed: number;
  readonly failed: number;
  readonly unknown: number;
  /** Seeds on which each `sometimes` property happened at least once. */
  readonly coverage: Readonly<Record<string, number>>;
  /** Seeds with operations after the final heal (where `eventually` was exercised). */
  readonly eventuallyExercised: number;
  /** Fault events applied over all seeds, by kind. */
  readonly faults: Readonly<Record<string, number>>;
  /** With `--consistency all`: per unclaimed model, the seeds it held in, was violated in, or could not be judged. */
  readonly models?: ModelTally;
  /** With `models`: what the subsystem claims, by property name. */
  readonly claims?: readonly string[];
}

/** The whole run's summary (the last `--json` line has these fields and `type: "summary"`). */
export interface RunSummary {
  readonly seeds: number;
  readonly failures: number;
  readonly unknown: number;
  readonly ms: number;
  readonly subsystems: readonly SubsystemSummary[];
  /** `sometimes` properties that never happened, as `subsystem/property`. */
  readonly coverageGaps: readonly string[];
}

/** The coverage gaps of one subsystem, as `subsystem/property` (none when it ran no seeds). */
export function gapsOf(s: SubsystemSummary): string[] {
  if (s.seeds === 0) return [];
  const gaps = Object.entries(s.coverage).filter(([, n]) => n === 0).map(([p]) => `${s.subsystem}/${p}`);
  return s.eventuallyExercised === 0 ? [...gaps, `${s.subsystem}/eventually`] : gaps;
}

/** Summarizes `outcomes` (of the given descriptors) that took `ms` milliseconds. */
export function summarize(descriptors: readonly SubsystemDescriptor[], mutant: string | undefined, outcomes: readonly SeedOutcome[], ms: number): RunSummary {
  const subsystems = descriptors.map((d): SubsystemSummary => {
    const mine = outcomes.filter((o) => o.subsystem === d.name);
    const coverage: Record<string, number> = {};
    for (const p of d.properties) if (p.kind === 'sometimes') coverage[p.name] = mine.filter((o) => (o.coverage[p.name] ?? 0) > 0).length;
    const faults: Record<string, number> = {};
    for (const o of mine) for (const [k, v] of Object.entries(o.faults)) faults[k] = (faults[k] ?? 0) + v;
    const sorted = Object.fromEntries(Object.entries(faults).sort(([a], [b]) => (a < b ? -1 : 1)));
    const claims = claimsOf(d.claims).map((c) => (c === undefined ? 'linearizable' : typeof c === 'string' ? c : c.name));
    const models = mine.some((o) => o.models !== undefined) ? { models: tallyModels(mine.map((o) => o.models)), claims } : {};
    return {
      ...models,
      subsystem: d.name, mutant: mutant ?? null, seeds: mine.length,
      passed: mine.filter((o) => o.verdict === 'pass').length,
      failed: mine.filter((o) => o.verdict === 'fail').length,
      unknown: mine.filter((o) => o.verdict === 'unknown').length,
      coverage, eventuallyExercised: mine.filter((o) => o.opsAfterHeal > 0).length, faults: sorted,
    };
  });
  const coverageGaps = subsystems.flatMap(gapsOf);
  return {
    seeds: outcomes.length,
    failures: outcomes.filter((o) => o.verdict === 'fail').length,
    unknown: outcomes.filter((o) => o.verdict === 'unknown').length,
    ms, subsystems, coverageGaps,
  };
}
