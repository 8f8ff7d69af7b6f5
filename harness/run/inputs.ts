/**
 * A run's complete inputs from its integer seed: fast-check draws the world's
 * PRNG seed, the client workload and the fault schedule together from one
 * arbitrary, so they shrink together. `fc.sample` with the seed yields the
 * same value as the first run of `fc.check` with that seed, which is what lets
 * shrinking start from exactly the seed's inputs (shrink.ts).
 *
 * The three parts are drawn in the order world seed, workload, schedule (as
 * `fc.record` would); the world seed never shrinks (a new seed changes every
 * latency, so no candidate could keep the failure). Shrinking pays most where
 * a candidate leaves the run before it unchanged, so candidates come in this
 * order, resuming after an accepted one where the last left off:
 *
 * 1. a client's list emptied, then cut to a shorter prefix (dropping a
 *    client's later requests leaves everything before them as it was);
 * 2. a fault episode dropped (the schedule's own shrinker, candidates with
 *    fewer events first: moving a fault in time re-times the whole run);
 * 3. a run of a client's requests removed, then single requests, last first;
 * 4. the schedule's other shrinks (a fault moved earlier, an episode's end
 *    dropped), which may let a later pass drop more.
 *
 * The workload shrinks as plain data (its lists are cut, never re-generated),
 * so a shrink can start from a *cut* of the seed's inputs: `cut` keeps each
 * client's first `ops[c]` requests and the schedule's events up to `untilUs`
 * (shrink.ts cuts at the time the failure was shown).
 */
import * as fc from 'fast-check';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { scheduleArbitrary, type ScheduleOptions } from '../nemesis/schedule-arbitrary.js';
import type { RunInputs, Schedule } from '../nemesis/schedule.js';
import type { WorkloadOp } from '../subsystems/descriptor.js';
import { checkScheduleOptions } from './run-options-check.js';

type Workload = RunInputs['workload'];

/** A cut of generated inputs: per client the requests kept, and the last fault time kept. */
export interface InputsCut {
  readonly ops: readonly number[];
  readonly untilUs: number;
}

/** Each part's value; the schedule keeps its generated shrink context, `resume` is where the next shrink pass starts. */
interface Parts {
  readonly worldSeed: number;
  readonly workload: Workload;
  readonly schedule: fc.Value<Schedule>;
  readonly untilUs: number;
  readonly resume: number;
}

/** One shrink candidate before it becomes a value. */
type Candidate = { readonly workload: Workload } | { readonly schedule: fc.Value<Schedule> };

class RunInputsArbitrary extends fc.Arbitrary<RunInputs> {
  private readonly seed = fc.nat();

  constructor(
    private readonly workload: fc.Arbitrary<Workload>,
    private readonly schedule: fc.Arbitrary<Schedule>,
    private readonly cut: InputsCut | undefined,
  ) {
    super();
  }

  override generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<RunInputs> {
    const worldSeed = this.seed.generate(mrng, biasFactor).value_;
    let workload = this.workload.generate(mrng, biasFactor).value_;
    const schedule = this.schedule.generate(mrng, biasFactor);
    const cut = this.cut;
    if (cut !== undefined) workload = workload.map((ops, c) => ops.slice(0, cut.ops[c] ?? ops.length));
    return this.valueFrom({ worldSeed, workload, schedule, untilUs: cut?.untilUs ?? Infinity, resume: 0 });
  }

  override canShrinkWithoutContext(_value: unknown): _value is RunInputs {
    return false;
  }

  override shrink(_value: RunInputs, context: unknown): fc.Stream<fc.Value<RunInputs>> {
    const p = context as Parts | undefined;
    if (p === undefined) return fc.Stream.nil();
    return fc.stream(this.candidates(p));
  }

  /** Every candidate of one pass, starting at `p.resume` and wrapping around once. */
  private *candidates(p: Parts): Generator<fc.Value<RunInputs>> {
    const all = this.enumerate(p);
    const skipped: Candidate[] = [];
    let k = 0;
    for (const c of all) {
      if (k < p.resume) skipped.push(c);
      else yield this.candidateValue(p, c, k);
      k++;
    }
    for (let j = 0; j < skipped.length; j++) yield this.candidateValue(p, skipped[j] as Candidate, j);
  }

  private candidateValue(p: Parts, c: Candidate, index: number): fc.Value<RunInputs> {
    return this.valueFrom({ ...p, ...c, resume: index });
  }

  private *enumerate(p: Parts): Generator<Candidate> {
    const w = p.workload;
    const withList = (c: number, ops: readonly WorkloadOp[]): Workload => w.map((l, i) => (i === c ? ops : l));
    // 1. Empty a client, then cut its tail: keep n/2, 3n/4, ... n-1 requests.
    for (let c = 0; c < w.length; c++) if ((w[c] as readonly WorkloadOp[]).length > 0) yield { workload: withList(c, []) };
    for (let c = 0; c < w.length; c++) {
      const ops = w[c] as readonly WorkloadOp[];
      for (let drop = Math.floor(ops.length / 2); drop >= 1; drop = Math.floor(drop / 2)) yield { workload: withList(c, ops.slice(0, ops.length - drop)) };
    }
    // 2. Drop fault episodes.
    const events = p.schedule.value_.events.length;
    for (const s of this.schedule.shrink(p.schedule.value_, p.schedule.context)) {
      if (s.value_.events.length < events) yield { schedule: s };
    }
    // 3. Remove runs of requests (a quarter, an eighth, ... of a client's list, last run first), then single ones.
    for (let c = 0; c < w.length; c++) {
      const ops = w[c] as readonly WorkloadOp[];
      for (let size = Math.floor(ops.length / 4); size >= 2; size = Math.floor(size / 2)) {
        for (let at = ops.length - size; at >= 0; at -= size) yield { workload: withList(c, [...ops.slice(0, at), ...ops.slice(at + size)]) };
      }
    }
    for (let c = 0; c < w.length; c++) {
      const ops = w[c] as readonly WorkloadOp[];
      for (let i = ops.length - 1; i >= 0; i--) yield { workload: withList(c, [...ops.slice(0, i), ...ops.slice(i + 1)]) };
    }
    // 4. The schedule's other shrinks (a fault moved earlier, an episode's end dropped): they may open new drops.
    for (const s of this.schedule.shrink(p.schedule.value_, p.schedule.context)) {
      if (s.value_.events.length >= events) yield { schedule: s };
    }
  }

  private valueFrom(p: Parts): fc.Value<RunInputs> {
    const s = p.schedule.value_;
    const schedule = p.untilUs === Infinity ? s : { ...s, events: s.events.filter((e) => e.at <= p.untilUs) };
    return new fc.Value({ worldSeed: p.worldSeed, workload: p.workload, schedule }, p);
  }
}

/** The arbitrary of a descriptor's run inputs, optionally cut (see {@link InputsCut}). */
export function inputsArbitrary(d: SubsystemDescriptor, opts: ScheduleOptions = {}, cut?: InputsCut): fc.Arbitrary<RunInputs> {
  return new RunInputsArbitrary(d.workload() as fc.Arbitrary<Workload>, scheduleArbitrary(d, opts), cut);
}

/** The unshrunk inputs of seed `seed` (an unknown fault kind in `opts` throws an `UnknownChoiceError`). */
export function inputsForSeed(d: SubsystemDescriptor, seed: number, opts: ScheduleOptions = {}): RunInputs {
  checkScheduleOptions(opts);
  const [inputs] = fc.sample(inputsArbitrary(d, opts), { seed, numRuns: 1 });
  if (inputs === undefined) throw new Error(`fast-check produced no inputs for seed ${seed}`);
  return inputs;
}
