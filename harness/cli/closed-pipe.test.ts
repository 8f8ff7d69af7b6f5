import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './run-cli.js';

/** Runs `quorate ...args` (or another entry), reads its stdout until the first newline, then closes the pipe (as `| head -1` does). */
function firstLineThenClose(args: readonly string[], entry = 'harness/cli/main.cts'): Promise<{ first: string; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, entry), ...args], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ first: out.split('\n')[0] ?? '', code, stderr }));
  });
}

describe('output into a closed pipe', () => {
  it('quorate check --json ... | head -1 ends quietly', async () => {
    const file = 'traces/corpus/register-ok.jsonl';
    const r = await firstLineThenClose(['check', '--json', ...Array.from({ length: 1500 }, () => file)]);
    expect(JSON.parse(r.first)).toMatchObject({ file, verdict: 'linearizable' });
    expect(r.stderr).toBe('');
    expect(r.code).not.toBe(4);
  }, 60_000);

  it('quorate run --json | head -1 ends quietly', async () => {
    const r = await firstLineThenClose(['run', '--subsystem', 'ideal', '--seeds', '400', '--workers', '0', '--json']);
    expect(JSON.parse(r.first)).toMatchObject({ type: 'seed', subsystem: 'ideal', seed: 1 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
  }, 60_000);

  it('the bench tools end quietly too (node dist/bench/main.js --list | head -1)', async () => {
    // --list writes one line per group: the pipe is closed while it writes.
    for (let i = 0; i < 3; i++) {
      const r = await firstLineThenClose(['--list'], 'bench/main.ts');
      expect(r.first).toMatch(/^etcd\t/);
      expect(r.stderr).toBe('');
      expect(r.code === 0 || r.code === 3).toBe(true);
    }
  }, 60_000);
});
