/**
 * `node dist/bench/profile-check.js [--runs N] [etcd|kv|c50-bad]...`: where a whole
 * `quorate check` process spends its time, on the same files as the
 * etcd-process, kv-process and c50-bad-process bench groups. Runs the built
 * CLI under `node --cpu-prof` (1 ms sampling is too coarse for a 300 ms
 * process: 100 µs) and prints the top five functions by self time and the
 * time per phase (bench/cpu-profile.ts). Profiling slows the process down
 * by about a fifth; the shares are what to read. `--runs N` profiles N
 * processes per case and prints the means (one run's phases swing by
 * ±10–20 ms on this machine, and its top five with them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../traces/corpus-dir.js';
import { porcupineFiles } from './porcupine-corpus.js';
import { CHECK_PHASES, byPhase, topSelf, type CpuProfile, type ProfileRow } from './cpu-profile.js';
import { endQuietlyOnClosedPipes } from '../harness/cli/closed-pipe.js';

const CASES: Record<string, { model: string; pick: (file: string) => boolean }> = {
  etcd: { model: 'register', pick: (f) => f.startsWith('jepsen/') },
  kv: { model: 'kv', pick: (f) => f.startsWith('kv/') },
  'c50-bad': { model: 'kv', pick: (f) => f === 'kv/c50-bad.txt' },
};

/** The mean of each row over `runs` lists of rows (a row missing from a run counts 0 there), largest first. */
function meanRows(runs: readonly (readonly ProfileRow[])[]): ProfileRow[] {
  const sum = new Map<string, number>();
  for (const rows of runs) for (const r of rows) sum.set(r.name, (sum.get(r.name) ?? 0) + r.ms);
  return [...sum].map(([name, ms]) => ({ name, ms: ms / runs.length })).sort((a, b) => b.ms - a.ms || (a.name < b.name ? -1 : 1));
}

async function main(args: readonly string[]): Promise<number> {
  let runs = 1;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--runs') {
      names.push(args[i]!);
      continue;
    }
    runs = Number(args[++i]);
    if (!Number.isInteger(runs) || runs < 1) {
      process.stderr.write(`profile-check: --runs must be a positive integer, got ${JSON.stringify(args[i] ?? '')}\n`);
      return 2;
    }
  }
  const unknown = names.filter((n) => CASES[n] === undefined);
  if (unknown.length > 0) {
    process.stderr.write(`profile-check: unknown case ${unknown.join(', ')}; cases: ${Object.keys(CASES).join(', ')}\n`);
    return 2;
  }
  const found = await porcupineFiles();
  if ('skipped' in found) {
    process.stderr.write(`profile-check: ${found.skipped}\n`);
    return 2;
  }
  const cli = path.join(repoRoot(), 'dist', 'harness', 'cli', 'main.js');
  for (const name of names.length > 0 ? names : Object.keys(CASES)) {
    const c = CASES[name]!;
    const files = found.files.filter((f) => c.pick(f.file)).map((f) => f.path);
    const selfRuns: ProfileRow[][] = [];
    const phaseRuns: ProfileRow[][] = [];
    let total = 0;
    let status: number | null = null;
    for (let run = 0; run < runs; run++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'quorate-prof-'));
      try {
        const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, cli, 'check', '--model', c.model, ...files], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        status = r.status;
        const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
        if (file === undefined) throw new Error(`no profile written (exit ${r.status})`);
        const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
        const self = topSelf(p, Infinity);
        total += self.total;
        selfRuns.push(self.rows);
        phaseRuns.push(byPhase(p, CHECK_PHASES));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
    const of = runs === 1 ? '' : ` (means of ${runs} runs)`;
    process.stdout.write(`${name}: quorate check --model ${c.model}, ${files.length} files, exit ${status}, ${(total / runs).toFixed(0)} ms profiled${of}\n`);
    process.stdout.write('  top five by self time:\n');
    for (const row of meanRows(selfRuns).slice(0, 5)) process.stdout.write(`  ${ms(row.ms)}  ${row.name}\n`);
    process.stdout.write('  by phase:\n');
    for (const row of meanRows(phaseRuns)) process.stdout.write(`  ${ms(row.ms)}  ${row.name}\n`);
  }
  return 0;
}

endQuietlyOnClosedPipes('profile-check');
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`profile-check: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
