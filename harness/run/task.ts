/**
 * The unit of work the runner hands out, in-process or to a worker thread:
 * run one seed, or investigate (record + shrink) one failing seed. Tasks name
 * their subsystem, since descriptors hold functions and cannot cross threads.
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { ScheduleOptions } from '../nemesis/schedule-arbitrary.js';
import { investigate } from './investigate.js';
import { runSeed } from './run-seed.js';
import type { SeedOutcome, ShrunkFailure } from './seed-outcome.js';

/** A task: one seed to run, or one failing seed to investigate. */
export interface Task {
  readonly kind: 'seed' | 'investigate';
  readonly subsystem: string;
  readonly seed: number;
  readonly mutant: string | undefined;
  readonly schedule?: ScheduleOptions;
  readonly maxShrinkRuns?: number;
  /** Check every unclaimed consistency model too (reports only). */
  readonly otherModels?: boolean;
}

/** A task's result. */
export type TaskResult =
  | { readonly kind: 'seed'; readonly outcome: SeedOutcome }
  | { readonly kind: 'investigate'; readonly failure: ShrunkFailure };

/** Runs `task` with the descriptor `lookup` finds for its subsystem name. */
export function executeTask(task: Task, lookup: (name: string) => SubsystemDescriptor): TaskResult {
  const d = lookup(task.subsystem);
  const base = task.schedule === undefined ? { mutant: task.mutant } : { mutant: task.mutant, schedule: task.schedule };
  if (task.kind === 'seed') return { kind: 'seed', outcome: runSeed(d, task.seed, task.otherModels === true ? { ...base, otherModels: true } : base) };
  const opts = task.maxShrinkRuns === undefined ? base : { ...base, maxShrinkRuns: task.maxShrinkRuns };
  return { kind: 'investigate', failure: investigate(d, task.seed, opts) };
}
