/**
 * `node dist/bench/compare-builds.js [--runs N] DIR_A DIR_B -- ARGS...`: one
 * `quorate` command line run by two builds, alternated process by process
 * (A B, B A, …, process-timing.ts), each build being a checkout with its own
 * `npm run build` (a git worktree of another commit, say). Prints each
 * side's median wall time, its median CPU time (user and system, from
 * `/usr/bin/time`, steadier on a busy machine) and its peak RSS; default 20
 * runs each. How every before/after figure in the README's benchmark notes
 * was taken: two builds measured one after the other drift with the
 * machine, alternated they drift together.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { interleave, median, timeProcess, type ProcessRun } from './process-timing.js';
import { endQuietlyOnClosedPipes } from '../harness/cli/closed-pipe.js';

/** The parsed command line, or the one-line reason it is wrong. */
export function parseArgs(argv: readonly string[]): { runs: number; dirs: [string, string]; args: string[] } | { error: string } {
  const sep = argv.indexOf('--');
  const head = sep < 0 ? [...argv] : argv.slice(0, sep);
  const args = sep < 0 ? [] : argv.slice(sep + 1);
  let runs = 20;
  const dirs: string[] = [];
  for (let i = 0; i < head.length; i++) {
    if (head[i] === '--runs') {
      runs = Number(head[++i]);
      if (!Number.isInteger(runs) || runs < 1) return { error: `--runs must be a positive integer, got ${JSON.stringify(head[i] ?? '')}` };
    } else dirs.push(head[i]!);
  }
  if (dirs.length !== 2 || args.length === 0) return { error: 'usage: compare-builds [--runs N] DIR_A DIR_B -- QUORATE_ARGS...' };
  return { runs, dirs: [dirs[0]!, dirs[1]!], args };
}

function main(argv: readonly string[]): number {
  const parsed = parseArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`compare-builds: ${parsed.error}\n`);
    return 2;
  }
  const entry = (dir: string) => path.resolve(dir, 'dist', 'harness', 'cli', 'main.js');
  for (const dir of parsed.dirs) {
    if (!existsSync(entry(dir))) {
      process.stderr.write(`compare-builds: ${entry(dir)}: no such file (run npm run build in ${dir})\n`);
      return 2;
    }
  }
  const run = (dir: string) => () => timeProcess({ cmd: process.execPath, args: [entry(dir), ...parsed.args] });
  const { a, b } = interleave(parsed.runs, run(parsed.dirs[0]), run(parsed.dirs[1]));
  const show = (dir: string, runs: readonly ProcessRun[]): string => {
    const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
    const rss = runs.map((r) => r.peakRssBytes).filter((x): x is number => x !== undefined);
    const statuses = [...new Set(runs.map((r) => r.status))].join('/');
    return [
      dir.padEnd(Math.max(...parsed.dirs.map((d) => d.length))),
      `wall ${median(runs.map((r) => r.ms)).toFixed(1)} ms`,
      cpu.length > 0 ? `cpu ${median(cpu).toFixed(0)} ms` : 'cpu ?',
      rss.length > 0 ? `peak ${(median(rss) / 1e6).toFixed(0)} MB` : 'peak ?',
      `exit ${statuses}`,
    ].join('  ');
  };
  const shown = parsed.args.length > 6 ? `${parsed.args.slice(0, 4).join(' ')} … (${parsed.args.length - 4} more arguments)` : parsed.args.join(' ');
  process.stdout.write(`${parsed.runs} alternated runs each of quorate ${shown} (medians)\n`);
  process.stdout.write(`${show(parsed.dirs[0], a)}\n${show(parsed.dirs[1], b)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && path.basename(process.argv[1]) === 'compare-builds.js') {
  endQuietlyOnClosedPipes('compare-builds');
  process.exitCode = main(process.argv.slice(2));
}
