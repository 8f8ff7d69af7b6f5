import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'quorate-report-'));

describe('quorate report', () => {
  it('writes one report for several inputs and explains each verdict in plain words', () => {
    const out = path.join(dir, 'r.html');
    const r = runCli(['report', 'traces/corpus/kv-lost-append.jsonl', 'traces/corpus/register-ok.jsonl', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('traces/corpus/kv-lost-append.jsonl: not-linearizable\n  in plain words: get "k" at line 7 returned a value without append "1", which was acknowledged at line 2');
    expect(r.stdout).toContain('traces/corpus/register-ok.jsonl: linearizable\n');
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<section class="run">/g)).toHaveLength(2);
  });

  it('gives the explanation as JSON with --json', () => {
    const r = runCli(['report', 'traces/corpus/register-stale-read.jsonl', '-o', path.join(dir, 'j.html'), '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'input', file: 'traces/corpus/register-stale-read.jsonl', verdict: 'not-linearizable', explanation: { read: { line: 5 }, missed: { ackLine: 4 } } });
    expect(lines[1]).toMatchObject({ type: 'summary', inputs: 1 });
  });

  it('refuses bad input with one line and exit 2', () => {
    const noOut = runCli(['report', 'traces/corpus/register-ok.jsonl']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toBe('quorate: report needs -o FILE: where to write the HTML report\n');
    const missing = runCli(['report', 'nope.jsonl', '-o', path.join(dir, 'x.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('quorate: nope.jsonl: no such file\n');
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"type":"done","process":1,"f":"read"}\n');
    const r = runCli(['report', bad, '-o', path.join(dir, 'y.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(`${bad}:1:`);
    expect(existsSync(path.join(dir, 'y.html'))).toBe(false);
    const unwritable = runCli(['report', 'traces/corpus/register-ok.jsonl', '-o', path.join(dir, 'no/such/dir/r.html')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/^quorate: cannot write the report to .*no\/such\/dir\/r\.html: /);
  });

  it('check --report writes the report and prints the plain words under the witness', () => {
    const out = path.join(dir, 'c.html');
    const r = runCli(['check', 'traces/corpus/register-stale-read.jsonl', '--report', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  in plain words: read at line 5 returned 1, but write 2 was acknowledged at line 4');
    expect(r.stdout).toContain(`report: ${out} (`);
    expect(readFileSync(out, 'utf8')).toContain('In plain words:');
  });

  it('run --report and replay --report write the failing seed with its shrink sizes and replay command', () => {
    const out = path.join(dir, 'run.html');
    const traces = path.join(dir, 'traces');
    const r = runCli(['run', '--subsystem', 'primary-backup', '--mutant', 'stale-backup-read', '--workers', '0', '--out', traces, '--report', out]);
    expect(r.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Summary and coverage');
    expect(html).toMatch(/shrunk<\/th><td>from \d+ operations and \d+ faults to \d+ operations/);
    expect(html).toContain('quorate replay ');
    expect(html).toContain('class="msg');
    const shrunk = path.join(traces, 'primary-backup-stale-backup-read-1-shrunk.jsonl');
    const rep = path.join(dir, 'replay.html');
    const rr = runCli(['replay', shrunk, '--report', rep]);
    expect(rr.code).toBe(1);
    expect(rr.stdout).toContain('  in plain words: get "x" at line');
    expect(readFileSync(rep, 'utf8')).toContain(`quorate replay ${shrunk}`);
  });
});
