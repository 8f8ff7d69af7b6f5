import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './run-cli.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `quorate ...args` from source, asynchronously (so the cases run side by side); `interruptWhen` sends SIGINT once it holds. */
function quorate(args: readonly string[], o: { env?: Record<string, string>; interruptWhen?: (stdout: string) => boolean } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'harness/cli/main.cts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ...o.env },
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const poll = o.interruptWhen === undefined ? undefined : setInterval(() => {
      if (!sent && o.interruptWhen?.(stdout)) {
        sent = true;
        child.kill('SIGINT');
      }
    }, 50);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}

const made: string[] = [];
const tmp = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(d);
  return d;
};
const out = () => tmp('quorate-cli-test-');
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const echo = ['--bin', 'node examples/js/echo.mjs'];

describe.concurrent('quorate test (command line)', () => {
  it('bad input is exit 2 with one line: unknown workload, a Maelstrom workload not supported yet, unknown fault', async () => {
    const [a, b, c] = await Promise.all([
      quorate(['test', ...echo, '-w', 'nope']),
      quorate(['test', ...echo, '-w', 'lock']),
      quorate(['test', ...echo, '-w', 'echo', '--nemesis', 'partition,meteor']),
    ]);
    for (const x of [a, b, c]) expect(x.stdout).toBe('');
    expect(a.code).toBe(2);
    expect(a.stderr).toBe('quorate: --workload must be echo|unique-ids|broadcast|lin-kv|g-set|g-counter|pn-counter|kafka, got "nope"\n');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^quorate: --workload .*got "lock" \(Maelstrom's lock is not supported yet\)\n$/);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^quorate: --nemesis: unknown fault "meteor"; expected a comma-separated list of partition\|kill\|pause\|loss-burst\|dup-burst.*\n$/);
  });

  it('a --bin that cannot start is exit 2 with one line', async () => {
    const r = await quorate(['test', '--bin', 'definitely-not-a-program --flag', '-w', 'echo', '--out', out()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('quorate: --bin: cannot start "definitely-not-a-program --flag": spawn definitely-not-a-program ENOENT\n');
    expect(r.stdout).toBe('');
  });

  it('a passing lin-kv run prints counts, latencies, messages per op and the verdict; its history checks with quorate check', async () => {
    const dir = out();
    const r = await quorate(['test', '--bin', 'node examples/js/lin-kv-leader.mjs', '-w', 'lin-kv', '--node-count', '3', '--time-limit', '1.5', '--rate', '80', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^  read +ok \d+ +fail \d+ +info \d+$/m);
    expect(r.stdout).toMatch(/^latency of ok operations, ms: min [\d.]+ +p50 [\d.]+ +p95 [\d.]+ +p99 [\d.]+ +max [\d.]+$/m);
    expect(r.stdout).toMatch(/^messages: \d+ \([\d.]+ per operation\); between nodes \d+/m);
    expect(r.stdout).toMatch(/^verdict: pass \([\d.]+ s\): linearizable/m);
    const c = await quorate(['check', path.join(dir, 'history.jsonl')]);
    expect(c.stdout).toMatch(/linearizable \(register/);
    expect(c.code).toBe(0);
  });

  it('a stale-read lin-kv is exit 1 with the witness rendered as quorate check renders it', async () => {
    const r = await quorate(['test', '--bin', 'node examples/js/lin-kv-stale.mjs', '-w', 'lin-kv', '--nodes', '3', '--time-limit', '1.5', '--rate', '150', '--out', out()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^verdict: fail .*not linearizable on key/m);
    expect(r.stdout).toMatch(/no order can place next:\n.*\n.*read/);
  });

  it('SIGINT stops the test: every node process reaped, results so far written, exit 3', async () => {
    const dir = out();
    const pids = tmp('quorate-cli-pids-');
    const r = await quorate(['test', '--bin', 'node harness/drivers/fixtures/misbehave.mjs pidfile', '-w', 'echo', '--nodes', '3', '--time-limit', '60', '--rate', '20', '--out', dir], {
      env: { QUORATE_PID_DIR: pids },
      interruptWhen: () => readdirSync(pids).length === 3,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/interrupted; stopping the nodes/);
    expect(r.stdout).toMatch(/^verdict: unknown .*interrupted/m);
    expect(existsSync(path.join(dir, 'history.jsonl'))).toBe(true);
    const alive = readdirSync(pids).map(Number).filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
