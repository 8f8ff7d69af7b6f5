/**
 * Validation of `quorate run` / `quorate replay` options: every bad value is
 * one UsageError line (exit 2) that says what is valid. Pure: the registry
 * is passed in, so tests can use their own descriptors.
 */
import { availableParallelism } from 'node:os';
import { UsageError } from '../../traces/errors.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { Shard } from '../run/seed-plan.js';
import { DEFAULT_SEEDS, type CoverageMode } from '../run/coverage-policy.js';

/** Seeds per subsystem of a default `quorate run`. */
export { DEFAULT_SEEDS };
/** The default base seed: fixed, so the default suite is the same on every machine. */
export const DEFAULT_BASE_SEED = 1;

/** `quorate run` options after validation. */
export interface RunOptions {
  readonly descriptors: readonly SubsystemDescriptor[];
  readonly mutant: string | undefined;
  readonly seeds: number;
  readonly baseSeed: number;
  /** Worker threads; 0 runs every seed in the main thread. */
  readonly workers: number;
  readonly shard: Shard | undefined;
  readonly out: string | undefined;
  readonly json: boolean;
  /** `--coverage`: `auto` when not given. */
  readonly coverage: CoverageMode;
  /** `--consistency all`: every seed also checks the models its subsystem does not claim (reports only). */
  readonly otherModels: boolean;
}

/** The raw option values commander hands over. */
export interface RawRunOptions {
  readonly subsystem?: string;
  readonly seeds?: string;
  readonly seed?: string;
  readonly mutant?: string;
  readonly workers?: string;
  readonly shard?: string;
  readonly out?: string;
  readonly json?: boolean;
  readonly coverage?: string;
  readonly consistency?: string;
}

/** Parses a positive integer option (`--seeds`, `--workers`). */
export function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) {
    throw new UsageError(`--${name} must be a positive integer, got "${v}"`);
  }
  return Number(v);
}

/**
 * Parses `--workers N`: the number of worker threads, 0 meaning none (everything
 * in the main thread) — the same meaning for `run` and `check`.
 */
export function workerCount(v: string): number {
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--workers must be a non-negative integer (worker threads; 0 = none), got "${v}"`);
  return Number(v);
}

/** Parses `--coverage fail|warn` (absent: `auto`). */
export function coverageMode(v: string | undefined): CoverageMode {
  if (v === undefined) return 'auto';
  if (v === 'fail' || v === 'warn') return v;
  throw new UsageError(`--coverage must be fail or warn, got "${v}"`);
}

/** Parses a seed: a non-negative integer. */
export function seedValue(v: string): number {
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--seed must be a non-negative integer, got "${v}"`);
  return Number(v);
}

/** Parses `--shard I/N` with 1 ≤ I ≤ N. */
export function parseShard(v: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(count >= 1) || !(index >= 1) || index > count) {
    throw new UsageError(`--shard must be I/N with 1 <= I <= N (e.g. 2/4), got "${v}"`);
  }
  return { index, count };
}

/** The subsystem named `name`, or a UsageError listing the known ones. */
export function pickSubsystem(registry: readonly SubsystemDescriptor[], name: string): SubsystemDescriptor {
  const d = registry.find((x) => x.name === name);
  if (d === undefined) throw new UsageError(`unknown subsystem "${name}" (known: ${registry.map((x) => x.name).join(', ')}, or all)`);
  return d;
}

/** Resolves `--subsystem` and `--mutant` to the descriptors to run. */
export function pickTargets(registry: readonly SubsystemDescriptor[], subsystem: string, mutant: string | undefined): SubsystemDescriptor[] {
  const all = subsystem === 'all';
  const chosen = all ? [...registry] : [pickSubsystem(registry, subsystem)];
  if (mutant === undefined) return chosen;
  const having = chosen.filter((d) => d.mutants.some((m) => m.name === mutant));
  if (having.length === 1) return having;
  const valid = chosen.flatMap((d) => d.mutants.map((m) => (all ? `${d.name}/${m.name}` : m.name)));
  if (having.length === 0) {
    const where = all ? '' : ` for ${subsystem}`;
    throw new UsageError(`unknown mutant "${mutant}"${where} (valid: ${valid.join(', ') || 'none'})`);
  }
  throw new UsageError(`--mutant ${mutant} is ambiguous with --subsystem all (${having.map((d) => d.name).join(', ')} have it); pass --subsystem`);
}

/** Validates the raw options of `quorate run`. */
export function parseRunOptions(raw: RawRunOptions, registry: readonly SubsystemDescriptor[]): RunOptions {
  const seeds = raw.seeds === undefined ? DEFAULT_SEEDS : positiveInt('seeds', raw.seeds);
  const baseSeed = raw.seed === undefined ? DEFAULT_BASE_SEED : seedValue(raw.seed);
  const workers = raw.workers === undefined ? availableParallelism() : workerCount(raw.workers);
  const shard = raw.shard === undefined ? undefined : parseShard(raw.shard);
  const descriptors = pickTargets(registry, raw.subsystem ?? 'all', raw.mutant);
  const coverage = coverageMode(raw.coverage);
  if (raw.consistency !== undefined && raw.consistency !== 'all') {
    throw new UsageError(`--consistency must be all (each seed is checked against what its subsystem claims; all also reports every other model), got "${raw.consistency}"`);
  }
  return { descriptors, mutant: raw.mutant, seeds, baseSeed, workers, shard, out: raw.out, json: raw.json === true, coverage, otherModels: raw.consistency === 'all' };
}
