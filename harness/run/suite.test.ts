import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ideal } from '../subsystems/ideal.js';
import { runCommand } from '../cli/run-command.js';
import { replayCommand } from '../cli/replay-command.js';
import { inputsForSeed } from './inputs.js';
import { investigate } from './investigate.js';
import { recordRun, runSeed } from './run-seed.js';
import { planSeeds } from './seed-plan.js';
import { replayTrace } from './replay.js';
import { readTraceFile } from './trace-file.js';
import { classifyTraceLine } from '../../traces/validate.js';
import type { Executor } from './executor.js';
import { inProcessExecutor } from './executor.js';
import { runSuite } from './suite.js';
import type { SeedOutcome } from './seed-outcome.js';

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; text: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  return { io: { stdout, stderr: new PassThrough() }, text: () => Buffer.concat(chunks).toString('utf8') };
}

const withoutMs = (json: string): unknown[] => json.trim().split('\n').map((l) => {
  const v = JSON.parse(l) as Record<string, unknown>;
  delete v['ms'];
  return v;
});

describe('the runner', () => {
  it('is deterministic: same seed, same outcome and byte-identical trace', () => {
    for (const seed of [1, 2, 3]) {
      expect(runSeed(ideal, seed, { mutant: undefined })).toEqual(runSeed(ideal, seed, { mutant: undefined }));
      const inputs = inputsForSeed(ideal, seed);
      const a = recordRun(ideal, inputs, { seed, mutant: undefined, shrunk: false });
      const b = recordRun(ideal, inputsForSeed(ideal, seed), { seed, mutant: undefined, shrunk: false });
      expect(a.trace).toBe(b.trace);
    }
  });

  it('writes traces whose every line is valid trace format v1', () => {
    const { trace } = recordRun(ideal, inputsForSeed(ideal, 4), { seed: 4, mutant: undefined, shrunk: false });
    trace.trim().split('\n').forEach((line, i) => {
      classifyTraceLine(JSON.parse(line), { file: 't', line: i + 1 }, { headerAllowed: i === 0, worldAllowed: true });
    });
  });

  it('shards partition the seeds: each exactly once', () => {
    for (const n of [1, 2, 3, 7]) {
      const all = Array.from({ length: n }, (_, i) => planSeeds(5, 20, { index: i + 1, count: n })).flat().sort((a, b) => a - b);
      expect(all).toEqual(planSeeds(5, 20));
    }
  });

  it('merges results in seed order: --workers 1 and 2 print the same JSON', async () => {
    const runs = await Promise.all(['1', '2'].map(async (workers) => {
      const c = capture();
      const code = await runCommand({ subsystem: 'ideal', seeds: '24', seed: '10', workers, json: true }, [ideal], c.io);
      return { code, lines: withoutMs(c.text()) };
    }));
    expect((runs[0]?.lines.at(-1) as { failures: number }).failures).toBe(0);
    expect(runs[0]?.lines).toHaveLength(25);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('a mutant run stops at the lowest failing seed, shrinks it, and writes identical files twice', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'quorate-a-')), mkdtempSync(join(tmpdir(), 'quorate-b-'))];
    const texts: string[] = [];
    for (const [i, dir] of dirs.entries()) {
      const c = capture();
      const code = await runCommand({ subsystem: 'ideal', mutant: 'no-dedup', seeds: '100', workers: i === 0 ? '1' : '2', out: dir }, [ideal], c.io);
      expect(code).toBe(1);
      texts.push(c.text());
    }
    const files = readdirSync(dirs[0]!).sort();
    expect(files).toEqual(readdirSync(dirs[1]!).sort());
    expect(files.some((f) => f.endsWith('-shrunk.jsonl'))).toBe(true);
    for (const f of files) expect(readFileSync(join(dirs[0]!, f), 'utf8')).toBe(readFileSync(join(dirs[1]!, f), 'utf8'));
    expect(texts[0]).toMatch(/replay: quorate replay \S+-shrunk\.jsonl/);
    const shrunk = join(dirs[0]!, files.find((f) => f.endsWith('-shrunk.jsonl'))!);
    const c = capture();
    expect(replayCommand(shrunk, {}, [ideal], c.io)).toBe(1);
    expect(c.text()).toMatch(/byte-identical/);
  });

  it('shrinking yields a smaller case that still fails and replays exactly', () => {
    const seed = [...Array(100).keys()].map((i) => i + 1).find((s) => runSeed(ideal, s, { mutant: 'no-dedup' }).verdict === 'fail');
    expect(seed).toBeDefined();
    const f = investigate(ideal, seed!, { mutant: 'no-dedup' });
    expect(f.shrunkFailure.verdict).toBe('fail');
    expect(f.shrunkFailure.failures[0]?.property).toBe(f.outcome.failures[0]?.property);
    expect(f.shrunkOps + f.shrunkFaults).toBeLessThanOrEqual(f.originalOps + f.originalFaults);
    const dir = mkdtempSync(join(tmpdir(), 'quorate-s-'));
    const path = join(dir, 's.jsonl');
    writeFileSync(path, f.shrunkTrace);
    const r = replayTrace(ideal, readTraceFile(path));
    expect(r.firstDifference).toBe(0);
    expect(r.outcome.verdict).toBe('fail');
  });

  it('streams outcomes in seed order as soon as every lower seed is done, and only those the result keeps', async () => {
    // An executor that finishes tasks in reverse order of dispatch, several at a time.
    const inner = inProcessExecutor([ideal]);
    const reversing: Executor = {
      capacity: 4,
      run: (t) => new Promise((resolve, reject) => setTimeout(() => void inner.run(t).then(resolve, reject), t.kind === 'seed' ? (100 - (t.seed % 4) * 20) : 0)),
      close: async () => {},
    };
    for (const mutant of [undefined, 'no-dedup']) {
      const streamed: SeedOutcome[] = [];
      const r = await runSuite(
        { descriptors: [ideal], mutant, baseSeed: 1, seeds: 12, stopAtFirstFailure: mutant !== undefined, investigateLimit: 0, onOrdered: (o) => streamed.push(o) },
        reversing,
      );
      expect(streamed.map((o) => o.seed)).toEqual(r.outcomes.map((o) => o.seed));
      expect(streamed).toEqual(r.outcomes);
    }
  });
});
