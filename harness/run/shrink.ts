/**
 * Shrinking a failing seed with fast-check: `fc.check` with the seed's own
 * seed first generates exactly the seed's inputs (see inputs.ts), finds them
 * failing, and then walks fast-check's shrink tree over the workload, the
 * schedule and the world seed together. A candidate counts as failing only if
 * re-simulating it fails the same property, so the shrunk case replays
 * exactly. The effort is bounded by a count of simulations, not by time, so
 * the shrunk case is the same on every machine.
 */
import * as fc from 'fast-check';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { RunInputs } from '../nemesis/schedule.js';
import { inputsArbitrary } from './inputs.js';
import type { SeedOptions } from './run-seed.js';
import { simulate } from './simulate.js';

/** Default bound on simulations per shrink. */
export const DEFAULT_SHRINK_RUNS = 400;

/**
 * Search steps the linearizability check may take on one shrink candidate.
 * Candidates near the edge of linearizability are the expensive ones, and a
 * budget hit only means "not shown to fail", so the shrunk case still fails
 * the same way on replay with the full budget (the search is deterministic:
 * more steps reach the same violation).
 */
export const SHRINK_CHECK_STEPS = 200_000;

/** The smallest failing inputs found, and how many simulations it took. */
export interface ShrinkResult {
  readonly inputs: RunInputs;
  readonly runs: number;
}

/** Shrinks seed `seed` of `d`, which fails `property`; returns undefined when the seed does not fail it. */
export function shrinkSeed(
  d: SubsystemDescriptor, seed: number, property: string, opts: SeedOptions & { readonly maxRuns?: number },
): ShrinkResult | undefined {
  const maxRuns = opts.maxRuns ?? DEFAULT_SHRINK_RUNS;
  let runs = 0;
  // fast-check offers some candidates more than once (e.g. the same cut of a
  // client's list after each accepted step); a simulation is deterministic,
  // so its verdict is remembered instead of re-run.
  const seen = new Map<string, boolean>();
  const prop = fc.property(inputsArbitrary(d, opts.schedule), (inputs) => {
    const key = JSON.stringify(inputs);
    const known = seen.get(key);
    if (known !== undefined) return known;
    if (runs >= maxRuns) return true;
    runs++;
    // The linearizability check matters only when shrinking a linearizability failure.
    const checkSteps = property === 'linearizability' ? Math.min(d.bounds.checkSteps, SHRINK_CHECK_STEPS) : 0;
    const r = simulate(d, inputs, { mutant: opts.mutant, record: false, checkSteps });
    const passes = !r.failures.some((f) => f.property === property);
    seen.set(key, passes);
    return passes;
  });
  const res = fc.check(prop, { seed, numRuns: 1 });
  if (!res.failed || res.counterexample === null) return undefined;
  return { inputs: res.counterexample[0], runs };
}
