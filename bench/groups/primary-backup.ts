/**
 * Simulated client operations per wall-clock second for primary-backup under
 * its default nemesis, and its cost against the `ideal` subsystem (one
 * atomic copy, the harness's control) on the same seed numbers, measured in
 * the same run. Each seed is what the runner does for it — `simulate` with
 * `always` invariants, refinement, `eventually` and the linearizability
 * check, recording off — so this is the per-seed cost of `quorate run`
 * without workers, shrinking or reporting. Inputs (fast-check's workload and
 * schedule) are drawn before the clock starts and timed separately.
 */
import type { SubsystemDescriptor } from '../../harness/subsystems/descriptor.js';
import { ideal } from '../../harness/subsystems/ideal.js';
import { primaryBackup } from '../../harness/subsystems/primary-backup.js';
import type { RunInputs } from '../../harness/nemesis/schedule.js';
import { inputsForSeed } from '../../harness/run/inputs.js';
import { simulate } from '../../harness/run/simulate.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const SEEDS = 300;
const FIRST_SEED = 1;
/** Warm-up seeds (untimed), disjoint from the measured ones. */
const WARMUP_SEEDS = 30;
const WARMUP_FIRST = 1_000_001;

/** What one subsystem did over the measured seeds. */
export interface SubsystemThroughput {
  readonly subsystem: string;
  readonly seeds: number;
  /** Client operations completed (`ok`, `fail` or `info`). */
  readonly ops: number;
  /** Client operations invoked (completed or still open at the end). */
  readonly invoked: number;
  /** Simulator steps over all seeds. */
  readonly steps: number;
  /** Time to draw the seeds' inputs (not in `ms`). */
  readonly genMs: number;
  /** Time of the simulations, checks included. */
  readonly ms: number;
  /** CPU time (user + system) of the simulations: less sensitive than `ms` to other load on the machine. */
  readonly cpuMs: number;
  /** Completed operations per wall-clock second. */
  readonly opsPerSecond: number;
  readonly passed: number;
  readonly unknown: number;
  /** Seeds whose verdict was `fail`, with the failed property. */
  readonly failed: readonly string[];
}

function inputsOf(d: SubsystemDescriptor, first: number, count: number): RunInputs[] {
  return Array.from({ length: count }, (_, i) => inputsForSeed(d, first + i));
}

/** Simulates seeds `first..first+count-1` of `d` (correct implementation, recording off). */
export function measureSubsystem(d: SubsystemDescriptor, first: number, count: number): SubsystemThroughput {
  const g0 = performance.now();
  const inputs = inputsOf(d, first, count);
  const genMs = performance.now() - g0;
  let ops = 0;
  let invoked = 0;
  let steps = 0;
  let passed = 0;
  let unknown = 0;
  const failed: string[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  inputs.forEach((inp, i) => {
    const r = simulate(d, inp, { mutant: undefined, record: false });
    // With recording off the trace still holds the driver's op events (world.note).
    for (const e of r.trace) if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') ops++;
    invoked += r.ops;
    steps += r.steps;
    if (r.verdict === 'pass') passed++;
    else if (r.verdict === 'unknown') unknown++;
    else failed.push(`${d.name} seed ${first + i}: ${r.failures[0]?.property ?? 'fail'}`);
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { subsystem: d.name, seeds: count, ops, invoked, steps, genMs, ms, cpuMs, opsPerSecond: (ops / ms) * 1000, passed, unknown, failed };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');

/** The `primary-backup` bench group; anchor = `ideal` on the same seeds, in the same run. */
export const primaryBackupGroup: BenchGroup = {
  name: 'primary-backup',
  description: `primary-backup under the default nemesis, ${SEEDS} seeds: client ops per wall-clock second; anchor = ideal on the same seeds`,
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    // Warm both so neither pays the other's JIT warm-up.
    measureSubsystem(ideal, WARMUP_FIRST, WARMUP_SEEDS);
    measureSubsystem(primaryBackup, WARMUP_FIRST, WARMUP_SEEDS);
    const pb = measureSubsystem(primaryBackup, FIRST_SEED, SEEDS);
    const id = measureSubsystem(ideal, FIRST_SEED, SEEDS);
    const failed = [...pb.failed, ...id.failed];
    const perOp = (s: SubsystemThroughput): number => (s.ops > 0 ? s.ms / s.ops : NaN);
    const line = (s: SubsystemThroughput): string =>
      `${s.subsystem}: ${s.seeds} seeds, ${fmt(s.ops)} ops completed of ${fmt(s.invoked)} invoked, ${fmt(s.steps)} steps, ` +
      `${s.ms.toFixed(0)} ms (CPU ${s.cpuMs.toFixed(0)} ms; +${s.genMs.toFixed(0)} ms inputs) → ${fmt(s.opsPerSecond)} ops/s, ` +
      `${(s.ms / s.seeds).toFixed(2)} ms/seed; ${s.passed} pass, ${s.unknown} unknown, ${s.failed.length} fail`;
    return {
      files: SEEDS,
      ops: pb.ops,
      genMs: pb.genMs,
      checkMs: pb.ms,
      anchorMs: id.ms,
      verdicts: { matched: 2 * SEEDS - failed.length, total: 2 * SEEDS, mismatches: failed.map((f) => `${f} (a correct subsystem must not fail)`) },
      notes: [
        line(pb),
        line(id),
        `primary-backup / ideal, same seeds ${FIRST_SEED}..${FIRST_SEED + SEEDS - 1}: wall time ×${(pb.ms / id.ms).toFixed(2)} (the ratio column; CPU time ×${(pb.cpuMs / id.cpuMs).toFixed(2)}), ` +
          `cost per completed op ×${(perOp(pb) / perOp(id)).toFixed(2)} (the workloads differ: ${fmt(pb.ops)} vs ${fmt(id.ops)} ops)`,
      ],
    };
  },
};
