/**
 * Investigating a failing seed: re-run it with recording (its trace), shrink
 * it, and re-run the shrunk inputs with recording (the shrunk trace, which
 * replays from its own header).
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { faultCount, type RunInputs } from '../nemesis/schedule.js';
import { inputsForSeed } from './inputs.js';
import { recordRun, type SeedOptions } from './run-seed.js';
import type { ShrunkFailure } from './seed-outcome.js';
import { shrinkSeed } from './shrink.js';

function workloadSize(inputs: RunInputs): number {
  return inputs.workload.reduce((n, ops) => n + ops.length, 0);
}

/** Records, shrinks and re-records failing seed `seed` of `d`. */
export function investigate(d: SubsystemDescriptor, seed: number, opts: SeedOptions & { readonly maxShrinkRuns?: number }): ShrunkFailure {
  const inputs = inputsForSeed(d, seed, opts.schedule);
  const original = recordRun(d, inputs, { seed, mutant: opts.mutant, shrunk: false });
  const property = original.outcome.failures[0]?.property;
  if (property === undefined) throw new Error(`seed ${seed} of ${d.name} did not fail when re-run: the simulation is not deterministic`);
  // The task's shrink budget (`maxShrinkRuns`) is the shrinker's `maxRuns`.
  const shrunk = shrinkSeed(d, seed, property, opts.maxShrinkRuns === undefined ? opts : { ...opts, maxRuns: opts.maxShrinkRuns });
  const small = shrunk?.inputs ?? inputs;
  const rec = recordRun(d, small, { seed, mutant: opts.mutant, shrunk: true });
  return {
    outcome: original.outcome, shrunkFailure: rec.outcome,
    originalOps: workloadSize(inputs), originalFaults: faultCount(inputs.schedule),
    shrunkOps: workloadSize(small), shrunkFaults: faultCount(small.schedule),
    shrinkRuns: shrunk?.runs ?? 0, shrunkInputs: small, trace: original.trace, shrunkTrace: rec.trace,
  };
}
