/**
 * Replay: re-run a simulation from a trace header's inputs (or from a seed)
 * and compare the new trace with the recorded one, byte for byte. Same
 * version + same lockfile ⇒ identical bytes (DESIGN.md, "Determinism").
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { RunInputs } from '../nemesis/schedule.js';
import { inputsForSeed } from './inputs.js';
import { recordRun } from './run-seed.js';
import type { SeedOutcome } from './seed-outcome.js';
import type { ReadTrace } from './trace-file.js';

/** What a replay found. */
export interface ReplayResult {
  readonly outcome: SeedOutcome;
  readonly trace: string;
  /** For a replayed file: 0 when identical, else the first differing 1-based line. */
  readonly firstDifference?: number;
}

/** Replays a recorded trace with descriptor `d` (which must be the header's subsystem). */
export function replayTrace(d: SubsystemDescriptor, recorded: ReadTrace): ReplayResult {
  const h = recorded.header;
  const inputs = h.inputs as unknown as RunInputs;
  const mutant = typeof h.mutant === 'string' ? h.mutant : undefined;
  const { outcome, trace } = recordRun(d, inputs, { seed: h.seed ?? 0, mutant, shrunk: h.shrunk === true });
  return { outcome, trace, firstDifference: firstDifferentLine(recorded.text, trace) };
}

/** Runs seed `seed` (unshrunk) with recording. */
export function replaySeed(d: SubsystemDescriptor, seed: number, mutant: string | undefined): ReplayResult {
  return recordRun(d, inputsForSeed(d, seed), { seed, mutant, shrunk: false });
}

/** 0 when `a` and `b` are identical, else the first 1-based line where they differ. */
export function firstDifferentLine(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) return i + 1;
  return 0;
}
