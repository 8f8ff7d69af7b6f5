/**
 * One seed of one subsystem: generate its inputs, simulate, and report the
 * outcome. Traces are recorded only when asked (failing seeds are re-run
 * with recording, which gives the same result: simulations are deterministic).
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { ScheduleOptions } from '../nemesis/schedule-arbitrary.js';
import type { RunInputs } from '../nemesis/schedule.js';
import { inputsForSeed } from './inputs.js';
import { checkMutant } from './run-options-check.js';
import type { SeedOutcome } from './seed-outcome.js';
import { simulate, type SimResult } from './simulate.js';
import { traceHeader, traceText } from './trace-file.js';

/** Options of one seed. */
export interface SeedOptions {
  readonly mutant: string | undefined;
  /** Schedule generation tweaks (tests force fault kinds with it). */
  readonly schedule?: ScheduleOptions;
  /** Record every property that fails instead of stopping at the first (simulate.ts). */
  readonly allFailures?: boolean;
  /** Also check every model the descriptor does not claim (`quorate run --consistency all`; reports only). */
  readonly otherModels?: boolean;
}

/** The outcome of `result`, a simulation of `seed`. */
export function outcomeOf(d: SubsystemDescriptor, seed: number, mutant: string | undefined, r: SimResult): SeedOutcome {
  const base = {
    subsystem: d.name, mutant: mutant ?? null, seed, verdict: r.verdict, failures: r.failures,
    coverage: r.coverage, faults: r.faults, ops: r.ops, opsAfterHeal: r.opsAfterHeal, steps: r.steps, timeUs: r.timeUs,
  };
  const withModels = r.models === undefined ? base : { ...base, models: r.models };
  return r.unknownReason === undefined ? withModels : { ...withModels, unknownReason: r.unknownReason };
}

/**
 * Runs seed `seed` of `d` without recording. Throws an `UnknownChoiceError` for a mutant `d` does
 * not list or an unknown fault kind in `opts.schedule`.
 */
export function runSeed(d: SubsystemDescriptor, seed: number, opts: SeedOptions): SeedOutcome {
  checkMutant(d, opts.mutant);
  const base = opts.allFailures === true ? { mutant: opts.mutant, record: false, allFailures: true } : { mutant: opts.mutant, record: false };
  const sim = opts.otherModels === true ? { ...base, otherModels: true } : base;
  return outcomeOf(d, seed, opts.mutant, simulate(d, inputsForSeed(d, seed, opts.schedule), sim));
}

/** Simulates `inputs` with recording and returns the outcome and the trace file's text. */
export function recordRun(
  d: SubsystemDescriptor, inputs: RunInputs, id: { seed: number; mutant: string | undefined; shrunk: boolean },
): { outcome: SeedOutcome; trace: string } {
  const r = simulate(d, inputs, { mutant: id.mutant, record: true });
  return { outcome: outcomeOf(d, id.seed, id.mutant, r), trace: traceText(traceHeader(d, id, inputs), r.trace) };
}
