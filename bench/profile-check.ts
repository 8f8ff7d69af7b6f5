/**
 * `node dist/bench/profile-check.js [etcd|kv|c50-bad]...`: where a whole
 * `quorate check` process spends its time, on the same files as the
 * etcd-process, kv-process and c50-bad-process bench groups. Runs the built
 * CLI under `node --cpu-prof` (1 ms sampling is too coarse for a 300 ms
 * process: 100 µs) and prints the top five functions by self time and the
 * time per phase (bench/cpu-profile.ts). Profiling slows the process down
 * by about a fifth; the shares are what to read.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../traces/corpus-dir.js';
import { porcupineFiles } from './porcupine-corpus.js';
import { CHECK_PHASES, byPhase, topSelf, type CpuProfile } from './cpu-profile.js';

const CASES: Record<string, { model: string; pick: (file: string) => boolean }> = {
  etcd: { model: 'register', pick: (f) => f.startsWith('jepsen/') },
  kv: { model: 'kv', pick: (f) => f.startsWith('kv/') },
  'c50-bad': { model: 'kv', pick: (f) => f === 'kv/c50-bad.txt' },
};

async function main(names: readonly string[]): Promise<number> {
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
    const dir = mkdtempSync(path.join(tmpdir(), 'quorate-prof-'));
    try {
      const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, cli, 'check', '--model', c.model, ...files], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file === undefined) throw new Error(`no profile written (exit ${r.status})`);
      const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
      const { total, rows } = topSelf(p, 5);
      const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
      process.stdout.write(`${name}: quorate check --model ${c.model}, ${files.length} files, exit ${r.status}, ${total.toFixed(0)} ms profiled\n`);
      process.stdout.write('  top five by self time:\n');
      for (const row of rows) process.stdout.write(`  ${ms(row.ms)}  ${row.name}\n`);
      process.stdout.write('  by phase:\n');
      for (const row of byPhase(p, CHECK_PHASES)) process.stdout.write(`  ${ms(row.ms)}  ${row.name}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`profile-check: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
