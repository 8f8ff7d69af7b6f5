/**
 * `node dist/bench/compare-builds.js [--runs N] [--node-a FLAG]... [--node-b FLAG]... DIR_A DIR_B -- ARGS...`:
 * one `quorate` command line run by two builds, alternated process by process
 * (A B, B A, …, process-timing.ts), each build being a checkout with its own
 * `npm run build` (a git worktree of another commit, say). `--node-a` and
 * `--node-b` give one side's `node` an option of its own (the same build twice,
 * `. .`, with `--node-b --v8-pool-size=1`, measures that option). Prints each
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

/** What compare-builds runs: each side's directory and Node options, the runs per side, and quorate's arguments. */
export interface CompareArgs {
  runs: number;
  dirs: [string, string];
  nodeFlags: [string[], string[]];
  args: string[];
}

const USAGE = 'usage: compare-builds [--runs N] [--node-a FLAG]... [--node-b FLAG]... DIR_A DIR_B -- QUORATE_ARGS...';

/** The parsed command line, or the one-line reason it is wrong. */
export function parseArgs(argv: readonly string[]): CompareArgs | { error: string } {
  const sep = argv.indexOf('--');
  const head = sep < 0 ? [...argv] : argv.slice(0, sep);
  const args = sep < 0 ? [] : argv.slice(sep + 1);
  let runs = 20;
  const dirs: string[] = [];
  const nodeFlags: [string[], string[]] = [[], []];
  for (let i = 0; i < head.length; i++) {
    const opt = head[i]!;
    if (opt === '--runs') {
      runs = Number(head[++i]);
      if (!Number.isInteger(runs) || runs < 1) return { error: `--runs must be a positive integer, got ${JSON.stringify(head[i] ?? '')}` };
    } else if (opt === '--node-a' || opt === '--node-b') {
      const flag = head[++i];
      if (flag === undefined || !flag.startsWith('-')) return { error: `${opt} takes one Node option (like --v8-pool-size=1), got ${JSON.stringify(flag ?? '')}` };
      nodeFlags[opt === '--node-a' ? 0 : 1].push(flag);
    } else dirs.push(opt);
  }
  if (dirs.length !== 2 || args.length === 0) return { error: USAGE };
  return { runs, dirs: [dirs[0]!, dirs[1]!], nodeFlags, args };
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
  const run = (side: 0 | 1) => () => timeProcess({ cmd: process.execPath, args: [...parsed.nodeFlags[side], entry(parsed.dirs[side]), ...parsed.args] });
  const { a, b } = interleave(parsed.runs, run(0), run(1));
  // A side is named by its directory, and by its Node options when it has any (the same build may run on both sides).
  const names = parsed.dirs.map((dir, side) => [dir, ...parsed.nodeFlags[side]!].join(' '));
  const show = (name: string, runs: readonly ProcessRun[]): string => {
    const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
    const rss = runs.map((r) => r.peakRssBytes).filter((x): x is number => x !== undefined);
    const statuses = [...new Set(runs.map((r) => r.status))].join('/');
    return [
      name.padEnd(Math.max(...names.map((n) => n.length))),
      `wall ${median(runs.map((r) => r.ms)).toFixed(1)} ms`,
      cpu.length > 0 ? `cpu ${median(cpu).toFixed(0)} ms` : 'cpu ?',
      rss.length > 0 ? `peak ${(median(rss) / 1e6).toFixed(0)} MB` : 'peak ?',
      `exit ${statuses}`,
    ].join('  ');
  };
  const shown = parsed.args.length > 6 ? `${parsed.args.slice(0, 4).join(' ')} … (${parsed.args.length - 4} more arguments)` : parsed.args.join(' ');
  process.stdout.write(`${parsed.runs} alternated runs each of quorate ${shown} (medians)\n`);
  process.stdout.write(`${show(names[0]!, a)}\n${show(names[1]!, b)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && path.basename(process.argv[1]) === 'compare-builds.js') {
  endQuietlyOnClosedPipes('compare-builds');
  process.exitCode = main(process.argv.slice(2));
}
