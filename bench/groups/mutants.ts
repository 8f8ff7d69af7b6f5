/**
 * How fast the suite catches each planted bug: for every mutant of every
 * descriptor (as `quorate list --json` reports them; raft3 and raft7 list the
 * mutants their own default run reaches), the built CLI runs
 * `quorate run --subsystem S --mutant M --seeds 200 --json` the way a user
 * would, and the group reports the first failing seed, the property that
 * caught it, the shrunk size and the wall time. Seeds and shrunk sizes are
 * deterministic; only the times vary by machine. The verdict column counts
 * mutants caught within the 200 seeds by a property their `caughtBy` names.
 * (The seed figures `quorate list` prints over 400 seeds come from
 * `npm run measure-mutants`, not from here.) */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const CLI = fileURLToPath(new URL('../../harness/cli/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SEEDS = 200;

interface ListJson {
  readonly subsystems: readonly { readonly name: string; readonly mutants: readonly { readonly name: string; readonly caughtBy: readonly string[] }[] }[];
}

interface FailureLine {
  readonly type: 'failure';
  readonly seed: number;
  readonly failures: readonly { readonly property: string }[];
  readonly original: { readonly ops: number; readonly faults: number };
  readonly shrunk?: { readonly ops: number; readonly faults: number; readonly simulations: number };
}

function cli(args: readonly string[]): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 20 * 60_000 });
  return { stdout: r.stdout ?? '', status: r.status };
}

/** One mutant's result line. */
export function describeMutant(subsystem: string, mutant: string, f: FailureLine | undefined, ms: number): string {
  if (f === undefined) return `${subsystem}/${mutant}: NOT caught in ${SEEDS} seeds (${(ms / 1000).toFixed(1)} s)`;
  const s = f.shrunk;
  const shrunk = s === undefined ? 'not shrunk' : `shrunk ${f.original.ops}→${s.ops} ops, ${f.original.faults}→${s.faults} faults (${s.simulations} simulations)`;
  return `${subsystem}/${mutant}: caught at seed ${f.seed} by ${f.failures[0]?.property ?? '?'}; ${shrunk}; ${(ms / 1000).toFixed(1)} s`;
}

/** The `mutants` bench group. */
export const mutantsGroup: BenchGroup = {
  name: 'mutants',
  description: `every mutant run as a user would (quorate run --mutant M --seeds ${SEEDS}): first failing seed, property, shrunk size, time`,
  async run(): Promise<GroupMeasurement> {
    const list = JSON.parse(cli(['list', '--json']).stdout) as ListJson;
    const out = mkdtempSync(join(tmpdir(), 'quorate-bench-mutants-'));
    const notes: string[] = [];
    const missed: string[] = [];
    let total = 0;
    let ms = 0;
    try {
      for (const sub of list.subsystems) {
        for (const m of sub.mutants) {
          total++;
          const t0 = performance.now();
          const r = cli(['run', '--subsystem', sub.name, '--mutant', m.name, '--seeds', String(SEEDS), '--json', '--out', out]);
          const took = performance.now() - t0;
          ms += took;
          const line = r.stdout.split('\n').find((l) => l.startsWith('{"type":"failure"'));
          const f = line === undefined ? undefined : (JSON.parse(line) as FailureLine);
          const by = f?.failures[0]?.property ?? '?';
          if (f === undefined) missed.push(`${sub.name}/${m.name}: not caught in ${SEEDS} seeds (exit ${r.status})`);
          else if (!m.caughtBy.includes(by)) missed.push(`${sub.name}/${m.name}: caught by ${by}, which its caughtBy (${m.caughtBy.join(', ')}) does not name`);
          notes.push(describeMutant(sub.name, m.name, f, took));
        }
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    return { files: total, checkMs: ms, verdicts: { matched: total - missed.length, total, mismatches: missed }, notes };
  },
};
