/**
 * `quorate test --replay JOURNAL --bin CMD` drives a recorded run's workload
 * and fault schedule again (and says it is best effort), refusing what the
 * journal decides; `--journal-bodies none` keeps only what names each message.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../traces/errors.js';
import { classifyTraceLine, parseJsonLine } from '../../traces/validate.js';
import { REPO_ROOT } from './run-cli.js';
import { type RawTestOptions, testCommand } from './test-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'quorate-test-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = (f: string) => `${JSON.stringify(process.execPath)} ${path.join(REPO_ROOT, 'examples/js', f)}`;
const DEFAULTS = { timeLimit: '1.2', rate: '60', seed: '1', latency: '0', latencyDist: 'constant', nemesisInterval: '0.4', topology: 'grid', initTimeout: '5', journalBodies: 'all' };

async function run(raw: Partial<RawTestOptions>): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await testCommand({ ...DEFAULTS, ...raw } as RawTestOptions, { stdout, stderr: new PassThrough() });
  return { code, out };
}
const header = (journal: string) => JSON.parse(readFileSync(journal, 'utf8').split('\n')[0] as string) as { seed: number; options: Record<string, unknown> };

describe('quorate test --replay', () => {
  it('drives the recorded workload and fault schedule again, says it is best effort, and records what it replayed', async () => {
    const first = path.join(dir, 'first');
    // A duplication burst in the recorded schedule makes the buggy counter's double count near certain on replay
    // (with partitions alone it depends on when its resends happen to fire: real processes, real timers).
    const a = await run({ bin: bin('pn-counter.mjs'), workload: 'pn-counter', nodes: '3', nemesis: 'partition,dup-burst', recovery: '0.3', seed: '5', out: first });
    expect(a.code).toBe(0);
    const journal = path.join(first, 'journal.jsonl');
    const again = path.join(dir, 'again');
    // Another binary: the buggy counter, under the same recorded partitions.
    const b = await run({ bin: bin('counter-double.mjs'), replay: journal, out: again, seed: '99', rate: '1' });
    expect(b.out.split('\n')[0]).toMatch(/^replaying .*journal\.jsonl: seed 5, the recorded workload and \d+ scheduled faults \(recorded with --bin ".*pn-counter\.mjs"\) — best effort: real processes, so timing and interleaving differ; the verdict is this run's$/);
    const h1 = header(journal);
    const h2 = header(path.join(again, 'journal.jsonl'));
    expect(h2.seed).toBe(5);
    expect(h2.options['faultSchedule']).toEqual(h1.options['faultSchedule']);
    expect(h2.options).toMatchObject({ rate: 60, timeLimitMs: 1200, recoveryMs: 300, replayOf: journal });
    expect(b.out).toMatch(/verdict: fail .*final reads outside/);
    expect(b.code).toBe(1);
  });

  it('refuses what the journal decides, a missing --bin, and a file that is not a journal', async () => {
    const j = path.join(dir, 'first/journal.jsonl');
    await expect(run({ bin: bin('pn-counter.mjs'), replay: j, workload: 'g-set' })).rejects.toThrow(UsageError);
    await expect(run({ replay: j })).rejects.toThrow(/--replay JOURNAL needs --bin CMD/);
    await expect(run({ bin: bin('pn-counter.mjs'), replay: path.join(dir, 'first/history.jsonl') })).rejects.toThrow(InputError);
    await expect(run({ bin: bin('pn-counter.mjs'), replay: path.join(dir, 'first/history.jsonl') })).rejects.toThrow(/history\.jsonl:1: not a quorate test journal header/);
  });
});

describe('--journal-bodies none', () => {
  it('keeps each message named by its type and ids only: a smaller journal, still trace format v1', async () => {
    const full = path.join(dir, 'full');
    const slim = path.join(dir, 'slim');
    const opts = { bin: bin('g-set.mjs'), workload: 'g-set', nodes: '3', recovery: '0.3' };
    await run({ ...opts, out: full });
    expect((await run({ ...opts, out: slim, journalBodies: 'none' })).code).toBe(0);
    const file = path.join(slim, 'journal.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(header(file).options['journalBodies']).toBe(false);
    lines.forEach((text, i) => classifyTraceLine(parseJsonLine(text, { file, line: i + 1 }), { file, line: i + 1 }, { headerAllowed: i === 0, worldAllowed: true }));
    const sends = lines.slice(1).map((l) => JSON.parse(l) as { type: string; msg?: { body: Record<string, unknown> } }).filter((e) => e.type === 'send');
    expect(sends.length).toBeGreaterThan(50);
    for (const e of sends) expect(Object.keys(e.msg?.body ?? {}).every((k) => ['type', 'msg_id', 'in_reply_to'].includes(k))).toBe(true);
    expect(statSync(file).size).toBeLessThan(statSync(path.join(full, 'journal.jsonl')).size);
    await expect(run({ ...opts, out: slim, journalBodies: 'some' })).rejects.toThrow(/--journal-bodies must be all\|none, got "some"/);
  });
});
