/**
 * `npm run bench`: runs each group in its own child process, one after
 * another (so peak memory is per group and groups cannot disturb each other),
 * then prints the table (or JSON lines with `--json`). Exits 1 when a verdict
 * was wrong or a group failed; times are reported, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GroupResult } from './bench-group.js';
import { parseBenchArgs, type BenchArgs } from './bench-args.js';
import { ANCHOR_BIN_ENV, ANCHOR_MISSING_ENV, buildAnchor } from './anchor.js';
import { formatTable } from './format-table.js';
import { GROUPS } from './groups/index.js';
import { endQuietlyOnClosedPipes } from '../harness/cli/closed-pipe.js';

const CHILD = fileURLToPath(new URL('./group.js', import.meta.url));

function runChild(name: string): GroupResult {
  // Heap headroom so an over-budget group is measured rather than killed at V8's default limit.
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', CHILD, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stdout.split('\n').filter((l) => l.startsWith('{')).pop();
  if (last !== undefined) {
    try {
      return JSON.parse(last) as GroupResult;
    } catch {
      /* fall through */
    }
  }
  const why = r.error?.message ?? (r.signal !== null ? `killed by ${r.signal}` : `exit code ${r.status}`);
  return { group: name, error: `child process printed no result (${why})` };
}

function main(args: BenchArgs): number {
  if (args.list) {
    for (const g of GROUPS) process.stdout.write(`${g.name}\t${g.description}\n`);
    return 0;
  }
  const unknown = args.only.filter((n) => !GROUPS.some((g) => g.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown group ${unknown.join(', ')}; groups: ${GROUPS.map((g) => g.name).join(', ')}\n`);
    return 2;
  }
  const selected = GROUPS.filter((g) => args.only.length === 0 || args.only.includes(g.name));
  if (selected.some((g) => g.usesAnchor === true)) {
    // Built once per bench run, into a temporary folder; the groups find it through the environment.
    const anchor = buildAnchor();
    if ('bin' in anchor) process.env[ANCHOR_BIN_ENV] = anchor.bin;
    else process.env[ANCHOR_MISSING_ENV] = anchor.missing;
    process.stderr.write(`bench: Porcupine anchor: ${'bin' in anchor ? `built (${anchor.bin})` : anchor.missing}\n`);
  }
  const results: GroupResult[] = [];
  for (const g of selected) {
    process.stderr.write(`bench: ${g.name} — ${g.description}\n`);
    const r = runChild(g.name);
    if (r.skipped !== undefined) process.stderr.write(`bench: ${g.name} skipped: ${r.skipped}\n`);
    results.push(r);
    if (args.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  }
  const bad = results.filter((r) => r.error !== undefined || (r.verdicts !== undefined && r.verdicts.matched !== r.verdicts.total));
  if (args.json) process.stdout.write(`${JSON.stringify({ summary: true, groups: results.length, failed: bad.map((r) => r.group) })}\n`);
  else process.stdout.write(`${formatTable(results)}\n`);
  return bad.length > 0 ? 1 : 0;
}

endQuietlyOnClosedPipes('bench');
try {
  process.exitCode = main(parseBenchArgs(process.argv.slice(2)));
} catch (e) {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
