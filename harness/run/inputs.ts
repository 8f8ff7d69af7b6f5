/**
 * A run's complete inputs from its integer seed: fast-check draws the world's
 * PRNG seed, the client workload and the fault schedule together from one
 * arbitrary, so they shrink together. `fc.sample` with the seed yields the
 * same value as the first run of `fc.check` with that seed, which is what lets
 * shrinking start from exactly the seed's inputs (shrink.ts).
 */
import * as fc from 'fast-check';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { scheduleArbitrary, type ScheduleOptions } from '../nemesis/schedule-arbitrary.js';
import type { RunInputs } from '../nemesis/schedule.js';

/** The arbitrary of a descriptor's run inputs. */
export function inputsArbitrary(d: SubsystemDescriptor, opts: ScheduleOptions = {}): fc.Arbitrary<RunInputs> {
  return fc.record({ worldSeed: fc.noShrink(fc.nat()), workload: d.workload(), schedule: scheduleArbitrary(d, opts) });
}

/** The unshrunk inputs of seed `seed`. */
export function inputsForSeed(d: SubsystemDescriptor, seed: number, opts: ScheduleOptions = {}): RunInputs {
  const [inputs] = fc.sample(inputsArbitrary(d, opts), { seed, numRuns: 1 });
  if (inputs === undefined) throw new Error(`fast-check produced no inputs for seed ${seed}`);
  return inputs;
}
