import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { InputError, UsageError } from '../../traces/errors.js';
import { primaryBackup } from '../subsystems/primary-backup.js';
import { runCli } from './run-cli.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { replayCommand } from './replay-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'quorate-report-'));
const io = () => {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stdout, stderr: new PassThrough(), text: () => chunks.join('') };
};

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

  it('gives the explanation as JSON with --json', async () => {
    const o = io();
    expect(reportCommand(['traces/corpus/register-stale-read.jsonl'], { output: path.join(dir, 'j.html'), json: true }, o.stdout)).toBe(0);
    await new Promise((r) => setImmediate(r));
    const lines = o.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'input', file: 'traces/corpus/register-stale-read.jsonl', verdict: 'not-linearizable', explanation: { read: { line: 5 }, missed: { ackLine: 4 } } });
    expect(lines[1]).toMatchObject({ type: 'summary', inputs: 1 });
  });

  it('refuses bad input with one line and exit 2, writing nothing', () => {
    const missing = runCli(['report', 'nope.jsonl', '-o', path.join(dir, 'x.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('quorate: nope.jsonl: no such file\n');
    const out = io().stdout;
    expect(() => reportCommand(['traces/corpus/register-ok.jsonl'], {}, out)).toThrow(new UsageError('report needs -o FILE: where to write the HTML report'));
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"type":"done","process":1,"f":"read"}\n');
    expect(() => reportCommand([bad], { output: path.join(dir, 'y.html') }, out)).toThrow(InputError);
    expect(() => reportCommand([bad], { output: path.join(dir, 'y.html') }, out)).toThrow(`${bad}:1:`);
    expect(existsSync(path.join(dir, 'y.html'))).toBe(false);
    expect(() => reportCommand(['traces/corpus/register-ok.jsonl'], { output: path.join(dir, 'no/such/dir/r.html') }, out)).toThrow(/^cannot write the report to .*no\/such\/dir\/r\.html: /);
  });

  it('check --report writes the report and prints the plain words under the witness', () => {
    const out = path.join(dir, 'c.html');
    const r = runCli(['check', 'traces/corpus/register-stale-read.jsonl', '--report', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  in plain words: read at line 5 returned 1, but write 2 was acknowledged at line 4');
    expect(r.stdout).toContain(`report: ${out} (`);
    expect(readFileSync(out, 'utf8')).toContain('In plain words:');
    const j = runCli(['check', '--json', 'traces/corpus/register-stale-read.jsonl']);
    expect(JSON.parse(j.stdout.split('\n')[0] as string)).toMatchObject({ verdict: 'not-linearizable', explanation: { read: { line: 5 }, missed: { ackLine: 4 } } });
  });

  it('run --report and replay --report write the failing seed with its shrink sizes and replay command', async () => {
    const out = path.join(dir, 'run.html');
    const traces = path.join(dir, 'traces');
    const o = io();
    expect(await runCommand({ subsystem: 'primary-backup', mutant: 'stale-backup-read', workers: '0', out: traces, report: out }, [primaryBackup], o)).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Summary and coverage');
    expect(html).toMatch(/shrunk<\/th><td>from \d+ operations and \d+ faults to \d+ operations/);
    expect(html).toContain('quorate replay ');
    expect(html).toContain('class="msg');
    const shrunk = path.join(traces, 'primary-backup-stale-backup-read-1-shrunk.jsonl');
    const rep = path.join(dir, 'replay.html');
    const ro = io();
    expect(replayCommand(shrunk, { report: rep }, [primaryBackup], ro)).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(ro.text()).toContain('  in plain words: get "x" at line');
    expect(readFileSync(rep, 'utf8')).toContain(`quorate replay ${shrunk}`);
  });

  it('a passing replay reports pass; the same trace alone cannot tell a pass from a budget that ran out', async () => {
    const traces = path.join(dir, 'ok');
    const rep = path.join(dir, 'ok.html');
    expect(replayCommand(undefined, { subsystem: 'primary-backup', seed: '1', out: traces, report: rep }, [primaryBackup], io())).toBe(0);
    expect(readFileSync(rep, 'utf8')).toContain('<span class="verdict-good">pass</span>');
    const o = io();
    expect(reportCommand([path.join(traces, 'primary-backup-correct-1.jsonl')], { output: path.join(dir, 'ok2.html') }, o.stdout)).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(o.text()).toContain('primary-backup-correct-1.jsonl: unknown (the trace records no broken property');
  });
});
