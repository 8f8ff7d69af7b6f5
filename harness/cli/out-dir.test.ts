import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../traces/errors.js';
import { ideal } from '../subsystems/ideal.js';
import { checkOutDir, ensureDir } from './out-dir.js';
import { runCommand } from './run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'quorate-out-'));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'x');

function io(): { stdout: PassThrough; stderr: PassThrough; text: () => { out: string; err: string } } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => { out += b.toString(); });
  stderr.on('data', (b: Buffer) => { err += b.toString(); });
  return { stdout, stderr, text: () => ({ out, err }) };
}

const unusable: [string, string, RegExp][] = [
  ['an existing file', aFile, /--out .*a-file: is a file; expected a directory/],
  ['a path under a file', join(aFile, 'sub'), /--out .*a-file\/sub: .*a-file is a file; expected a directory/],
];
// /proc refuses to create anything (and Node's recursive mkdir loops forever on it).
if (existsSync('/proc/self')) unusable.push(['a place where nothing can be created', '/proc/nope', /--out \/proc\/nope: cannot create anything in \/proc/]);

describe('--out', () => {
  it.each(unusable)('%s is refused before the run starts, one usage line', async (_what, out, msg) => {
    const o = io();
    const run = runCommand({ subsystem: 'ideal', mutant: 'no-dedup', out, workers: '0', json: true }, [ideal], o);
    await expect(run).rejects.toThrow(UsageError);
    await expect(runCommand({ subsystem: 'ideal', mutant: 'no-dedup', out, workers: '0' }, [ideal], io())).rejects.toThrow(msg);
    expect(o.text().out).toBe(''); // no seed line: the run never started
  });

  it('a directory to be created is accepted, and nothing is left behind by the check', () => {
    const target = join(dir, 'new', 'deeper');
    checkOutDir(target);
    expect(existsSync(join(dir, 'new'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['a-file']);
    ensureDir(target);
    expect(existsSync(target)).toBe(true);
  });

  it('a write that fails after the run prints the report first, then the write error, exit 2', async () => {
    const out = mkdtempSync(join(tmpdir(), 'quorate-out-late-'));
    // The trace's own name is taken by a directory: --out itself is fine, the write fails.
    mkdirSync(join(out, 'ideal-no-dedup-2.jsonl'));
    const o = io();
    const code = await runCommand({ subsystem: 'ideal', mutant: 'no-dedup', out, workers: '0' }, [ideal], o);
    const { out: stdout, err } = o.text();
    expect(code).toBe(2);
    expect(stdout).toMatch(/FAIL ideal \(mutant no-dedup\) seed 2/);
    expect(stdout).toMatch(/replay: quorate replay --subsystem ideal --seed 2 --mutant no-dedup/);
    expect(stdout).toMatch(/FAILED: /);
    expect(err).toMatch(/^quorate: cannot write traces to .*quorate-out-late-.*: EISDIR/);
    expect(err.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
