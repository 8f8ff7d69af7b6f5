/**
 * The wall time of the default `quorate run` (every subsystem, its default
 * seeds, `--workers` = available parallelism), spawned as the built CLI the
 * way a user runs it, and its seeds per second per core; then the same run
 * with `--workers 1`, which gives the per-core figure directly. No external
 * anchor: the anchor is the one-worker run, so the ratio column is
 * N-worker wall time / 1-worker wall time (the inverse of the speed-up).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const CLI = fileURLToPath(new URL('../../harness/cli/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Per run; generous, since the suite grows with every subsystem. */
const TIMEOUT_MS = 30 * 60_000;

/** The fields of `quorate run --json`'s summary line this group reads. */
export interface RunSummaryLine {
  readonly type: 'summary';
  readonly seeds: number;
  readonly failures: number;
  readonly unknown: number;
  readonly ms: number;
  readonly exit: number;
  readonly subsystems: readonly { readonly subsystem: string; readonly seeds: number; readonly failed: number }[];
}

/** One timed `quorate run`. */
export interface SuiteRun {
  readonly workers: number;
  /** Wall time of the child process, node start-up included. */
  readonly wallMs: number;
  readonly summary: RunSummaryLine;
}

/** The summary object of `quorate run --json` output (its last `"type":"summary"` line), or undefined. */
export function parseRunSummary(stdout: string): RunSummaryLine | undefined {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] as string;
    if (!l.startsWith('{') || !l.includes('"summary"')) continue;
    try {
      const o = JSON.parse(l) as Partial<RunSummaryLine>;
      if (o.type === 'summary' && typeof o.seeds === 'number' && typeof o.ms === 'number') return o as RunSummaryLine;
    } catch {
      /* not JSON: keep looking */
    }
  }
  return undefined;
}

/** Runs the default `quorate run --json` (plus `extra` arguments) in a child process and times it. */
export function timeSuite(workers: number, extra: readonly string[]): SuiteRun {
  const out = mkdtempSync(join(tmpdir(), 'quorate-bench-run-'));
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'run', '--json', '--out', out, ...extra], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      timeout: TIMEOUT_MS,
    });
    const wallMs = performance.now() - t0;
    const summary = parseRunSummary(r.stdout ?? '');
    if (summary === undefined) {
      const why = r.error?.message ?? (r.signal !== null ? `killed by ${r.signal}` : `exit code ${r.status}`);
      throw new Error(`quorate run ${extra.join(' ')} printed no summary (${why}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`);
    }
    return { workers, wallMs, summary };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Seeds per second per worker of `run`. */
export function seedsPerSecondPerCore(run: SuiteRun): number {
  return run.summary.seeds / (run.wallMs / 1000) / run.workers;
}

const describeRun = (r: SuiteRun): string => {
  const s = r.summary;
  const parts = s.subsystems.map((x) => `${x.subsystem} ${x.seeds}`).join(', ');
  return `--workers ${r.workers}: ${s.seeds} seeds (${parts}) in ${r.wallMs.toFixed(0)} ms wall (run's own ms ${s.ms}), ` +
    `${(s.seeds / (r.wallMs / 1000)).toFixed(0)} seeds/s, ${seedsPerSecondPerCore(r).toFixed(0)} seeds/s/core; ` +
    `${s.failures} failing, ${s.unknown} unknown, exit ${s.exit}`;
};

/** The `run-suite` bench group; anchor = the same run with one worker. */
export const runSuiteGroup: BenchGroup = {
  name: 'run-suite',
  description: 'wall time of the default `quorate run --json` (built CLI, default workers) and seeds/s/core; anchor = the same run with --workers 1',
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const workers = availableParallelism(); // the CLI's default --workers
    const many = timeSuite(workers, []);
    const one = timeSuite(1, ['--workers', '1']);
    const failing = [many, one].filter((r) => r.summary.failures > 0);
    return {
      files: many.summary.seeds,
      checkMs: many.wallMs,
      anchorMs: one.wallMs,
      verdicts: {
        matched: failing.length === 0 ? 1 : 0,
        total: 1,
        mismatches: failing.map((r) =>
          `--workers ${r.workers}: ${r.summary.failures} failing seed${r.summary.failures === 1 ? '' : 's'} in the default suite ` +
          `(${r.summary.subsystems.filter((x) => x.failed > 0).map((x) => `${x.subsystem} ${x.failed}`).join(', ')}; shrinking them is in the time)`),
      },
      notes: [
        describeRun(many),
        describeRun(one),
        `parallel speed-up ×${(one.wallMs / many.wallMs).toFixed(2)} on ${workers} workers ` +
          `(efficiency ${((one.wallMs / many.wallMs / workers) * 100).toFixed(0)}%); the ratio column is its inverse`,
      ],
    };
  },
};
