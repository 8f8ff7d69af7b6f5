/**
 * The README's command examples run as written: every `quorate …` / `npx
 * quorate …` line of its fenced blocks is run, in README order, in one
 * temporary directory (so a `replay` finds the trace the `run` before it
 * wrote), and must exit as the README says — 0, or 1 where it shows a
 * violation: a mutant run ("exit 1 = caught"), its replay, a check of a
 * corpus history its MANIFEST calls not linearizable. Commands too heavy for
 * `npm test` are skipped by name, in the list below, which is printed
 * (`QUORATE_README_HEAVY=1` runs them too).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './run-cli.js';

/**
 * Skipped unless QUORATE_README_HEAVY=1, with why: together about 3 minutes of
 * CPU (the shards alone are the default suite's 5000 seeds), which `npm test`
 * cannot afford; all of them passed when this list was written.
 */
const HEAVY: Readonly<Record<string, string>> = {
  'quorate run': 'the whole default suite, 5000 seeds',
  'quorate run --subsystem primary-backup --seeds 5000 --seed 7000': '5000 seeds',
  'quorate run --shard 1/4 --json > shard-1.jsonl': 'a quarter of the default suite',
  'quorate run --shard 2/4 --json > shard-2.jsonl': 'a quarter of the default suite',
  'quorate run --shard 3/4 --json > shard-3.jsonl': 'a quarter of the default suite',
  'quorate run --shard 4/4 --json > shard-4.jsonl': 'a quarter of the default suite',
  'quorate merge shard-*.jsonl': 'needs the four shards above (merge-command.test.ts merges real shards)',
  'quorate run --subsystem raft': '1000 Raft seeds',
  'quorate run --subsystem raft3 --seeds 300': '300 Raft seeds',
  'quorate run --subsystem raft7 --seeds 300': '300 seeds of 7-server Raft',
  'quorate run --subsystem dynamo-sloppy --mutant hints-dropped-on-restart': 'about 300 shrink simulations (conformance/mutants.test.ts catches it with fewer)',
};
const runHeavy = process.env['QUORATE_README_HEAVY'] === '1';

/**
 * The commands of the README's fenced blocks: `$ `, `npx ` and trailing
 * `# comments` removed, `\` continuations joined; synopses (`[--opt]`,
 * `a|b` choices, CAPITAL placeholders) left out.
 */
function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  let fence: string | undefined;
  let pending = '';
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      fence = fence === undefined ? line.slice(3) : undefined;
      pending = '';
      continue;
    }
    if (fence === undefined || fence !== '') continue;
    const joined = `${pending}${line}`;
    if (joined.endsWith('\\')) {
      pending = `${joined.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    const cmd = joined.replace(/^\$\s+/, '').replace(/^npx\s+/, '').replace(/\s+#.*$/, '').trim();
    const synopsis = /\[|\w\|\w|(^|\s)[A-Z]{2,}(\s|$)/.test(cmd);
    if (/^quorate(\s|$)/.test(cmd) && !synopsis) commands.push(cmd);
  }
  return commands;
}

const manifest = new Map(readFileSync(path.join(REPO_ROOT, 'traces/corpus/MANIFEST.tsv'), 'utf8').split('\n').slice(1)
  .map((l) => l.split('\t')).filter((f) => f.length >= 3).map((f) => [`traces/corpus/${f[0]}`, f[2]]));

/** The exit code the README implies for `cmd`. */
function expectedExit(cmd: string): number {
  if (/\s--mutant\s/.test(cmd)) return 1; // "a planted bug: exit 1 = caught"
  const replayed = /^quorate replay (\S+\.jsonl)$/.exec(cmd)?.[1];
  if (replayed !== undefined) return replayed.includes('-correct-') ? 0 : 1; // a mutant's trace fails again
  const checked = /^quorate check (\S+)$/.exec(cmd)?.[1];
  if (checked !== undefined && manifest.get(checked) === 'not-linearizable') return 1;
  return 0;
}

/** A directory with the README's placeholder inputs, the repository's traces and a `quorate` on PATH. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(path.join(tmpdir(), 'quorate-readme-'));
  // Paths the examples name relative to the repository (corpus histories, example nodes).
  for (const d of ['traces', 'examples']) if (existsSync(path.join(REPO_ROOT, d))) symlinkSync(path.join(REPO_ROOT, d), path.join(dir, d));
  copyFileSync(path.join(REPO_ROOT, 'traces/corpus/register-ok.jsonl'), path.join(dir, 'history.jsonl'));
  // Two linearizable Jepsen logs for `etcd_*.log`: an indeterminate cas that took effect, and a plain write and read.
  const jepsen = (lines: string[]): string => lines.map((l) => `INFO  jepsen.util - ${l}`).join('\n') + '\n';
  writeFileSync(path.join(dir, 'etcd_000.log'), jepsen(['0\t:invoke\t:write\t1', '0\t:ok\t:write\t1', '1\t:invoke\t:cas\t[1 2]', '2\t:invoke\t:read\tnil', '1\t:info\t:cas\t:timed-out', '2\t:ok\t:read\t2']));
  writeFileSync(path.join(dir, 'etcd_001.log'), jepsen(['0\t:invoke\t:write\t3', '0\t:ok\t:write\t3', '1\t:invoke\t:read\tnil', '1\t:ok\t:read\t3']));
  const bin = path.join(dir, '.bin');
  mkdirSync(bin);
  const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');
  writeFileSync(path.join(bin, 'quorate'), `#!/bin/sh\nexec "${process.execPath}" --import "file://${tsx}" "${path.join(REPO_ROOT, 'harness/cli/main.cts')}" "$@"\n`);
  chmodSync(path.join(bin, 'quorate'), 0o755);
  return { dir, env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, FORCE_COLOR: '0' } };
}

const commands = readmeCommands(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));
console.info(`README commands:\n${commands.map((c) => `  ${c}`).join("\n")}`);
const skipped = runHeavy ? [] : commands.filter((c) => HEAVY[c] !== undefined);
console.info(`README commands skipped as heavy (QUORATE_README_HEAVY=1 runs them):\n${skipped.map((c) => `  ${c}  (${HEAVY[c] ?? ''})`).join('\n')}`);

describe('the README command examples', () => {
  const ws = workspace();

  it('are found: check, run, replay, merge and list, with a mutant and shards', () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const word of ['check', 'run', 'replay', 'merge', 'list']) expect(commands.some((c) => c.startsWith(`quorate ${word}`))).toBe(true);
    expect(commands.filter((c) => c.includes('--shard')).length).toBe(4);
    // Every heavy command named above still is in the README (the list is not a place to hide stale ones).
    expect(Object.keys(HEAVY).filter((c) => !commands.includes(c))).toEqual([]);
  });

  for (const cmd of commands) {
    const run = skipped.includes(cmd) ? it.skip : it;
    run(`${cmd} exits ${expectedExit(cmd)}`, () => {
      const r = spawnSync('/bin/sh', ['-c', cmd], { cwd: ws.dir, env: ws.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect({ code: r.status, stderr: r.stderr.split('\n').slice(0, 3).join('\n') }).toEqual({ code: expectedExit(cmd), stderr: expect.any(String) });
    }, 300_000);
  }
});
