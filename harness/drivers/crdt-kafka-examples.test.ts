/**
 * The g-set, counter and kafka workloads on the example nodes: correct ones
 * pass under partitions, buggy ones are caught with a witness.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTest } from './driver.js';
import { REPO, nodeBin, removeTestDirs, shortTest } from './testing/test-options.js';

afterAll(removeTestDirs);

const example = (name: string) => nodeBin(`examples/js/${name}.mjs`);
/** How many messages the journal shows sent to `dest`. */
const journalSends = (file: string, dest: string): number =>
  readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as { type: string; to?: string }).filter((e) => e.type === 'send' && e.to === dest).length;
const witness = (r: Awaited<ReturnType<typeof runTest>>): readonly string[] => (r.check?.valid === false ? r.check.witness : []);

describe.concurrent('g-set, g-counter, pn-counter and kafka examples through the driver', () => {
  it('a state-based g-set passes under partitions', async () => {
    const r = await runTest(shortTest('g-set', example('g-set'), { nemesis: ['partition'], timeLimitMs: 1500 }));
    expect(r.reason).toMatch(/acknowledged elements, all in each of 3 final reads/);
    expect(r.exit).toBe(0);
  });

  it('a state-based PN-counter passes as g-counter and as pn-counter, under partitions and duplication', async () => {
    const [g, pn] = await Promise.all([
      runTest(shortTest('g-counter', example('pn-counter'), { nemesis: ['partition'], timeLimitMs: 1500 })),
      runTest(shortTest('pn-counter', example('pn-counter'), { nemesis: ['dup-burst', 'partition'], timeLimitMs: 1500, nemesisIntervalMs: 300 })),
    ]);
    for (const r of [g, pn]) {
      expect(r.reason).toMatch(/^3 final reads, each within /);
      expect(r.exit).toBe(0);
    }
  });

  it('a counter that applies every forwarded delta double-counts duplicated forwards: fail, naming the reads out of range', async () => {
    const r = await runTest(shortTest('pn-counter', example('counter-double'), { nemesis: ['dup-burst'], timeLimitMs: 1500, nemesisIntervalMs: 300 }));
    expect(r.exit).toBe(1);
    expect(r.reason).toMatch(/^\d+ of 3 final reads outside /);
    expect(witness(r)[0]).toMatch(/^process \d+ on n\d: read -?\d+ ok, lines \d+\.\.\d+: read -?\d+, allowed /);
  });

  it('a counter kept in the seq-kv service with read and cas passes; with read and write it loses adds', async () => {
    const [good, bad] = await Promise.all([
      runTest(shortTest('g-counter', example('counter-seq-kv'), { nemesis: ['partition'], timeLimitMs: 1500, rate: 80 })),
      runTest(shortTest('g-counter', example('counter-seq-kv-write'), { timeLimitMs: 1500, rate: 80 })),
    ]);
    expect(good.reason).toMatch(/^3 final reads, each within exactly \d+/);
    expect(good.exit).toBe(0);
    const toService = journalSends(good.files.journal, 'seq-kv');
    expect(toService).toBeGreaterThan(0);
    expect(bad.exit).toBe(1);
    expect(bad.reason).toMatch(/^[1-3] of 3 final reads outside exactly \d+/);
  });

  it('kafka forwarding to one leader passes under partitions', async () => {
    const r = await runTest(shortTest('kafka', example('kafka-leader'), { nemesis: ['partition'], timeLimitMs: 1500, rate: 80 }));
    expect(r.reason).toMatch(/acknowledged sends on \d keys, none lost, offsets unique and monotonic/);
    expect(r.exit).toBe(0);
    expect(r.stats.counts['list_committed_offsets']?.ok ?? 0).toBeGreaterThan(0);
  });

  it('kafka with a log per node is caught: duplicate offsets and lost writes', async () => {
    const r = await runTest(shortTest('kafka', example('kafka-local'), { rate: 80 }));
    expect(r.exit).toBe(1);
    expect(r.reason).toMatch(/duplicate offsets.*lost writes/);
    expect(witness(r).some((w) => /^duplicate offsets: offset \d+ of key \d holds \d+ \(.*\) and \d+ \(/.test(w))).toBe(true);
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python)('examples/python: the PN-counter', () => {
  it('passes as pn-counter under partitions', async () => {
    const r = await runTest(shortTest('pn-counter', ['python3', join(REPO, 'examples/python/pn_counter.py')], { nemesis: ['partition'], timeLimitMs: 1500, recoveryMs: 600 }));
    expect(r.reason).toMatch(/^3 final reads, each within /);
    expect(r.exit).toBe(0);
  });
});
