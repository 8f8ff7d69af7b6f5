/**
 * Timing whole processes, as a user waits for them: wall time from spawn to
 * exit, and the process's peak RSS (a whole-lifetime figure, so each measured
 * command runs in a process of its own). Peak RSS comes from GNU time
 * (`/usr/bin/time -f %M`, Debian's `time` package) when the machine has it;
 * without it the figure is left out, never guessed.
 *
 * Two commands compared are run interleaved — A B, B A, A B, … — so a
 * machine that slows down during the run slows both sides alike, and each
 * side's figure is the median of its rounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** A command line. */
export interface Command {
  readonly cmd: string;
  readonly args: readonly string[];
}

/** One timed run of a command. */
export interface ProcessRun {
  readonly ms: number;
  readonly status: number | null;
  /** Peak resident set of the process, bytes (undefined without GNU time). */
  readonly peakRssBytes: number | undefined;
  /** User and system CPU time of the process, ms (undefined without GNU time). */
  readonly cpuMs: number | undefined;
  readonly stderr: string;
}

/** Whether peak RSS of child processes can be measured here. */
export const canMeasureRss = (): boolean => existsSync(GNU_TIME);

/** Runs `c` once, its output discarded (stdout is read and dropped, as a terminal would take it), and times it. */
export function timeProcess(c: Command): ProcessRun {
  const dir = canMeasureRss() ? mkdtempSync(path.join(tmpdir(), 'quorate-time-')) : undefined;
  try {
    const rssFile = dir === undefined ? undefined : path.join(dir, 'rss');
    const [cmd, args] = rssFile === undefined ? [c.cmd, c.args] : [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, c.cmd, ...c.args]];
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const ms = performance.now() - t0;
    if (r.error !== undefined) throw new Error(`${c.cmd} did not run: ${r.error.message}`);
    let peakRssBytes: number | undefined;
    let cpuMs: number | undefined;
    if (rssFile !== undefined && existsSync(rssFile)) {
      // (The last line: GNU time writes "Command exited with non-zero status N" before it.)
      const [kb, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
      if (Number.isFinite(kb)) peakRssBytes = kb! * 1024;
      if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user! + sys!) * 1000;
    }
    return { ms, status: r.status, peakRssBytes, cpuMs, stderr: r.stderr ?? '' };
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs `a` and `b` for `rounds` rounds, alternating which goes first (A B, B A, …); returns each side's runs in order. */
export function interleave<T>(rounds: number, a: () => T, b: () => T): { a: T[]; b: T[] } {
  const out = { a: [] as T[], b: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.a.push(a());
      out.b.push(b());
    } else {
      out.b.push(b());
      out.a.push(a());
    }
  }
  return out;
}

/** Rounds per comparison: `$QUORATE_BENCH_ROUNDS`, else `fallback` (5 unless a group says otherwise: medians of 5). */
export function benchRounds(fallback = 5): number {
  const n = Number(process.env['QUORATE_BENCH_ROUNDS'] ?? fallback);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The largest peak RSS of some runs (undefined when none was measured). */
export function maxRss(runs: readonly ProcessRun[]): number | undefined {
  const xs = runs.map((r) => r.peakRssBytes).filter((x): x is number => x !== undefined);
  return xs.length === 0 ? undefined : Math.max(...xs);
}
