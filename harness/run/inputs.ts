/**
 * A run's complete inputs from its integer seed: fast-check draws the world's
 * PRNG seed, the client workload and the fault schedule together from one
 * arbitrary, so they shrink together. `fc.sample` with the seed yields the
 * same value as the first run of `fc.check` with that seed, which is what lets
 * shrinking start from exactly the seed's inputs (shrink.ts).
 *
 * The three parts are drawn in the order world seed, workload, schedule (as
 * `fc.record` would), but shrunk in the order that pays: the fault schedule
 * first (a few episodes, each cheap to try removing), then the workload. The
 * world seed never shrinks: a new seed changes every latency, so no
 * candidate could keep the failure.
 */
import * as fc from 'fast-check';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { scheduleArbitrary, type ScheduleOptions } from '../nemesis/schedule-arbitrary.js';
import type { RunInputs, Schedule } from '../nemesis/schedule.js';
import type { WorkloadOp } from '../subsystems/descriptor.js';

type Workload = RunInputs['workload'];

/** Each part's generated value, kept as the shrink context. */
interface Parts {
  readonly worldSeed: number;
  readonly workload: fc.Value<Workload>;
  readonly schedule: fc.Value<Schedule>;
}

class RunInputsArbitrary extends fc.Arbitrary<RunInputs> {
  private readonly seed = fc.nat();

  constructor(
    private readonly workload: fc.Arbitrary<Workload>,
    private readonly schedule: fc.Arbitrary<Schedule>,
  ) {
    super();
  }

  override generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<RunInputs> {
    const worldSeed = this.seed.generate(mrng, biasFactor).value_;
    const workload = this.workload.generate(mrng, biasFactor);
    const schedule = this.schedule.generate(mrng, biasFactor);
    return this.valueFrom({ worldSeed, workload, schedule });
  }

  override canShrinkWithoutContext(_value: unknown): _value is RunInputs {
    return false;
  }

  override shrink(_value: RunInputs, context: unknown): fc.Stream<fc.Value<RunInputs>> {
    const p = context as Parts | undefined;
    if (p === undefined) return fc.Stream.nil();
    const schedules = this.schedule
      .shrink(p.schedule.value_, p.schedule.context)
      .map((schedule) => this.valueFrom({ ...p, schedule }));
    const workloads = this.workload
      .shrink(p.workload.value_, p.workload.context)
      .map((workload) => this.valueFrom({ ...p, workload }));
    return schedules.join(workloads);
  }

  private valueFrom(p: Parts): fc.Value<RunInputs> {
    return new fc.Value({ worldSeed: p.worldSeed, workload: p.workload.value_, schedule: p.schedule.value_ }, p);
  }
}

/** The arbitrary of a descriptor's run inputs. */
export function inputsArbitrary(d: SubsystemDescriptor, opts: ScheduleOptions = {}): fc.Arbitrary<RunInputs> {
  return new RunInputsArbitrary(d.workload() as fc.Arbitrary<readonly (readonly WorkloadOp[])[]>, scheduleArbitrary(d, opts));
}

/** The unshrunk inputs of seed `seed`. */
export function inputsForSeed(d: SubsystemDescriptor, seed: number, opts: ScheduleOptions = {}): RunInputs {
  const [inputs] = fc.sample(inputsArbitrary(d, opts), { seed, numRuns: 1 });
  if (inputs === undefined) throw new Error(`fast-check produced no inputs for seed ${seed}`);
  return inputs;
}
