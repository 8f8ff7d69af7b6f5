import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../traces/schema/trace-v1.js';
import { classifyTraceLine, parseJsonLine } from '../../traces/validate.js';
import { runTest } from './driver.js';
import { readHistory } from '../../traces/read-history.js';
import { checkOperations } from '../check/linearizability.js';
import { registerModel } from '../../spec/register.js';
import { planFaults } from './process-nemesis.js';
import { createRng } from '../sim/rng.js';
import { REPO, nodeBin, removeTestDirs, shortTest } from './testing/test-options.js';

afterAll(removeTestDirs);

const example = (name: string) => nodeBin(`examples/js/${name}.mjs`);
const journal = (file: string): TraceEvent[] => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as TraceEvent);

describe('examples/js through the driver: correct nodes pass, buggy ones are caught', () => {
  it('echo passes, with every echo ok and no message between nodes', async () => {
    const r = await runTest(shortTest('echo', example('echo')));
    expect(r.exit).toBe(0);
    expect(r.stats.counts['echo']).toMatchObject({ fail: 0, info: 0 });
    expect(r.stats.counts['echo']?.ok).toBeGreaterThan(20);
    expect(r.stats.messages.servers).toBe(0);
  });

  it('gossip broadcast survives partitions: every acknowledged message is in every final read', async () => {
    const r = await runTest(shortTest('broadcast', example('broadcast-gossip'), { nemesis: ['partition'], timeLimitMs: 1500, latency: { meanMs: 2, dist: 'exponential' } }));
    expect(r.reason).toMatch(/acknowledged messages, all in each of 3 final reads/);
    expect(r.exit).toBe(0);
    const j = journal(r.files.journal);
    expect(j.some((e) => e.type === 'partition')).toBe(true);
    // Every line of both files is trace format v1, as the schema checks it at every edge.
    for (const file of [r.files.journal, r.files.history]) {
      readFileSync(file, 'utf8').trim().split('\n').forEach((text, i) => {
        const pos = { file, line: i + 1 };
        classifyTraceLine(parseJsonLine(text, pos), pos, { headerAllowed: i === 0 && file === r.files.journal, worldAllowed: file === r.files.journal });
      });
    }
    expect(j.some((e) => e.type === 'drop' && e.reason === 'partition')).toBe(true);
  });

  it('gossip broadcast survives loss and duplication bursts (only when asked for: none without them)', async () => {
    const r = await runTest(shortTest('broadcast', example('broadcast-gossip'), { nemesis: ['loss-burst', 'dup-burst'], timeLimitMs: 1500, nemesisIntervalMs: 300 }));
    expect(r.exit).toBe(0);
    const j = journal(r.files.journal);
    expect(j.some((e) => e.type === 'net' && (e.loss > 0 || e.duplicate > 0))).toBe(true);
    const calm = await runTest(shortTest('broadcast', example('broadcast-gossip'), { timeLimitMs: 800 }));
    expect(journal(calm.files.journal).filter((e) => e.type === 'drop' || e.type === 'net')).toEqual([]);
  });

  it('fire-and-forget broadcast loses messages under partitions: exit 1 naming a lost message and the reads missing it', async () => {
    const r = await runTest(shortTest('broadcast', example('broadcast-lossy'), { nemesis: ['partition'], timeLimitMs: 1500 }));
    expect(r.exit).toBe(1);
    expect(r.reason).toMatch(/acknowledged messages lost from final reads/);
    expect(r.check?.valid === false && r.check.witness[0]).toMatch(/^message \d+, acknowledged to process \d+ by n\d .* is missing from the final reads of n\d/);
  });

  it('lin-kv forwarding to one leader is linearizable without faults', async () => {
    const r = await runTest(shortTest('lin-kv', example('lin-kv-leader'), { rate: 150 }));
    expect(r.reason).toMatch(/^linearizable/);
    expect(r.exit).toBe(0);
    expect(r.stats.counts['read']?.ok).toBeGreaterThan(0);
  });

  it('lin-kv forwarding to one leader stays linearizable under partitions and pauses', async () => {
    const r = await runTest(shortTest('lin-kv', example('lin-kv-leader'), { rate: 100, nemesis: ['partition', 'pause'], timeLimitMs: 2000 }));
    expect(r.reason).toMatch(/^linearizable/);
    expect(r.exit).toBe(0);
    expect(r.schedule.length).toBeGreaterThan(0);
  });

  it('lin-kv serving stale local reads is caught: not linearizable, with the witness on one key', async () => {
    const r = await runTest(shortTest('lin-kv', example('lin-kv-stale'), { rate: 150, timeLimitMs: 1500 }));
    expect(r.exit).toBe(1);
    expect(r.reason).toMatch(/^not linearizable on key/);
    expect(r.check?.valid === false && r.check.linearizability?.stuck[0]?.f).toBe('read');
    // The run's history.edn, as Knossos would read it, gives the same verdict.
    const edn = await readHistory(r.files.edn, { format: 'edn' });
    expect(edn.ops.length).toBeGreaterThan(0);
    expect((await checkOperations(edn.ops, registerModel, { timeoutMs: 20_000 })).verdict).toBe('not-linearizable');
  });

  it('unique-ids survives kills and pauses; a killed node restarts with a fresh init under the same id', async () => {
    const r = await runTest(shortTest('unique-ids', example('unique-ids'), { nemesis: ['kill', 'pause'], timeLimitMs: 2000, nemesisIntervalMs: 300 }));
    expect(r.exit).toBe(0);
    const j = journal(r.files.journal);
    const crash = j.find((e) => e.type === 'crash');
    expect(crash).toBeDefined();
    const node = (crash as { node: string }).node;
    const inits = j.filter((e) => e.type === 'send' && e.to === node && (e.msg as { body: { type: string } }).body.type === 'init');
    expect(inits.length).toBeGreaterThanOrEqual(2);
    expect(j.some((e) => e.type === 'restart' && e.node === node)).toBe(true);
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python)('examples/python through the driver', () => {
  it('echo passes; gossip broadcast passes under partitions', async () => {
    const py = (f: string) => ['python3', join(REPO, 'examples/python', f)];
    const [e, b] = await Promise.all([
      runTest(shortTest('echo', py('echo.py'))),
      runTest(shortTest('broadcast', py('broadcast_gossip.py'), { nemesis: ['partition'], timeLimitMs: 1500, recoveryMs: 600 })),
    ]);
    expect(e.reason).toMatch(/echoes came back unchanged/);
    expect(e.exit).toBe(0);
    expect(b.reason).toMatch(/all in each of 3 final reads/);
    expect(b.exit).toBe(0);
    expect(existsSync(join(REPO, 'examples/python/__pycache__'))).toBe(false);
  });
});

describe('the fault schedule', () => {
  it('is plain data drawn from the seed: same seed, same schedule; another seed, another', () => {
    const plan = (seed: number) => planFaults({ names: ['partition', 'kill', 'pause'], nodes: ['n0', 'n1', 'n2', 'n3', 'n4'], timeLimitMs: 20_000, intervalMs: 1000, rng: createRng(seed).fork('nemesis') });
    expect(plan(7)).toEqual(plan(7));
    expect(plan(7)).not.toEqual(plan(8));
    const p = plan(7);
    expect(p.every((f, i) => i === 0 || f.at >= (p[i - 1]?.at ?? 0))).toBe(true);
    expect(p.every((f) => f.at <= 20_000)).toBe(true);
  });
});
