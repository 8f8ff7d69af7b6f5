/**
 * Shrinking a failing seed with fast-check. A candidate counts as failing
 * only if re-simulating it fails the same property, so the shrunk case
 * replays exactly. The effort is bounded by a count of simulations, not by
 * time, so the shrunk case is the same on every machine.
 *
 * First a cut: a simulation is deterministic and causal, so requests invoked
 * and faults scheduled after the run had shown the failure (the failing
 * step, the missed deadline, the witness's last event) cannot matter. The
 * seed's inputs are cut there — each client keeps the requests it invoked
 * by then, plus the one request invoked next, which keeps the run going to
 * that time — and one simulation confirms the cut still fails. Then
 * `fc.check` with the seed's own seed generates exactly those (cut) inputs,
 * finds them failing and walks the shrink tree (inputs.ts).
 */
import * as fc from 'fast-check';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { RunInputs } from '../nemesis/schedule.js';
import { inputsArbitrary, inputsForSeed, type InputsCut } from './inputs.js';
import type { SeedOptions } from './run-seed.js';
import { simulate, type SimResult } from './simulate.js';
import { clientIds } from './node-ids.js';
import { claimProperties } from './history-check.js';

/** Default bound on simulations per shrink. */
export const DEFAULT_SHRINK_RUNS = 1000;

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

/** Where the failure of `property` in `r` was shown, µs (undefined: no failure of it, or no time known). */
function shownAt(r: SimResult, property: string): number | undefined {
  const f = r.failures.find((x) => x.property === property);
  return f === undefined ? undefined : (f.horizon ?? f.time);
}

/** The cut of `inputs` at time `t`, from the requests run `r` invoked. */
function cutAt(d: SubsystemDescriptor, inputs: RunInputs, r: SimResult, t: number): InputsCut {
  const slot = new Map(clientIds(d.cluster.clients).map((c, i) => [c, i]));
  const ops = inputs.workload.map(() => 0);
  let next: number | undefined;
  for (const rec of r.records) {
    const c = slot.get(rec.client);
    if (c === undefined) continue;
    if (rec.invokeTime <= t) ops[c] = (ops[c] ?? 0) + 1;
    else if (next === undefined) next = c;
  }
  if (next !== undefined) ops[next] = (ops[next] ?? 0) + 1;
  return { ops, untilUs: t };
}

/** Shrinks seed `seed` of `d`, which fails `property`; returns undefined when the seed does not fail it. */
export function shrinkSeed(
  d: SubsystemDescriptor, seed: number, property: string, opts: SeedOptions & { readonly maxRuns?: number },
): ShrinkResult | undefined {
  const maxRuns = opts.maxRuns ?? DEFAULT_SHRINK_RUNS;
  let runs = 0;
  // The history check matters only when shrinking a failure of what the subsystem claims.
  const checkSteps = claimProperties(d.claims).includes(property) ? Math.min(d.bounds.checkSteps, SHRINK_CHECK_STEPS) : 0;
  // fast-check offers some candidates more than once; a simulation is deterministic, so its verdict is remembered.
  const seen = new Map<string, boolean>();
  const fails = (r: SimResult): boolean => r.failures.some((f) => f.property === property);
  const run = (inputs: RunInputs, key: string): SimResult => {
    runs++;
    const r = simulate(d, inputs, { mutant: opts.mutant, record: false, checkSteps });
    seen.set(key, !fails(r));
    return r;
  };

  const original = inputsForSeed(d, seed, opts.schedule);
  const originalKey = JSON.stringify(original);
  const first = run(original, originalKey);
  if (!fails(first)) return undefined;
  let cut: InputsCut | undefined;
  const t = shownAt(first, property);
  if (t !== undefined && runs < maxRuns) {
    const candidate = cutAt(d, original, first, t);
    const [cutInputs] = fc.sample(inputsArbitrary(d, opts.schedule, candidate), { seed, numRuns: 1 });
    const cutKey = JSON.stringify(cutInputs);
    if (cutInputs !== undefined && cutKey !== originalKey && fails(run(cutInputs, cutKey))) cut = candidate;
  }

  const prop = fc.property(inputsArbitrary(d, opts.schedule, cut), (inputs) => {
    const key = JSON.stringify(inputs);
    const known = seen.get(key);
    if (known !== undefined) return known;
    if (runs >= maxRuns) return true;
    return !fails(run(inputs, key));
  });
  const res = fc.check(prop, { seed, numRuns: 1 });
  if (!res.failed || res.counterexample === null) return undefined;
  return { inputs: res.counterexample[0], runs };
}
