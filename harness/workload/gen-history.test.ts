import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHistory, historyJsonlLines, writeHistoryJsonl, type GenHistoryOptions } from './gen-history.js';
import { readHistory } from '../../traces/read-history.js';
import { checkLinearizableReference } from '../../spec/linearizability.js';
import { kvModel } from '../../spec/kv.js';
import { registerModel } from '../../spec/register.js';
import type { Model } from '../../spec/model.js';

const modelOf = (o: GenHistoryOptions): Model => (o.model === 'kv' ? (kvModel as Model) : (registerModel as Model));

const smallOptions = fc.record({
  model: fc.constantFrom('kv' as const, 'register' as const),
  ops: fc.integer({ min: 0, max: 9 }),
  keys: fc.integer({ min: 1, max: 2 }),
  clients: fc.integer({ min: 1, max: 4 }),
  infoRate: fc.constantFrom(0, 0.2, 0.5),
  seed: fc.integer(),
});

describe('generateHistory', () => {
  test.prop([smallOptions], { numRuns: 300 })('small histories are linearizable per the reference checker', (o) => {
    const h = generateHistory(o);
    expect(checkLinearizableReference(h.ops, modelOf(o))).toBe(true);
  });

  test.prop([smallOptions])('is deterministic for a seed', (o) => {
    expect(generateHistory(o)).toEqual(generateHistory(o));
  });

  it('gives different histories for different seeds', () => {
    const a = generateHistory({ model: 'kv', ops: 50, seed: 1 });
    const b = generateHistory({ model: 'kv', ops: 50, seed: 2 });
    expect(a.ops).not.toEqual(b.ops);
  });

  test.prop([smallOptions])('ops are well formed: dense ids in invocation order, call < ret, one open op per process', (o) => {
    const { ops, failed } = generateHistory(o);
    expect(ops.length + failed).toBe(o.ops);
    const open = new Map<string | number, number>();
    const events = ops.flatMap((op) => [
      { pos: op.call, op, ret: false },
      ...(op.ret === Infinity ? [] : [{ pos: op.ret, op, ret: true }]),
    ]);
    events.sort((a, b) => a.pos - b.pos);
    for (const e of events) {
      if (e.ret) open.delete(e.op.process);
      else {
        expect(open.has(e.op.process)).toBe(false);
        open.set(e.op.process, e.op.id);
      }
    }
    ops.forEach((op, i) => {
      expect(op.id).toBe(i);
      if (i > 0) expect(op.call).toBeGreaterThan(ops[i - 1]!.call);
      expect(op.ret).toBeGreaterThan(op.call);
      expect(op.status === 'info').toBe(op.ret === Infinity);
      expect(op.status === 'info').toBe(op.output === undefined);
    });
  });

  it('makes the requested fraction of indeterminate operations, each retiring its process id', () => {
    const { ops } = generateHistory({ model: 'kv', ops: 20_000, keys: 10, clients: 20, infoRate: 0.01, seed: 7 });
    const info = ops.filter((op) => op.status === 'info');
    expect(info.length).toBeGreaterThan(100);
    expect(info.length).toBeLessThan(300);
    for (const op of info) expect(ops.some((o) => o.process === op.process && o.call > op.call)).toBe(false);
  });

  it('uses the MIT lab kv workload: mostly append and get, values "x <client> <seq> y"', () => {
    const { ops } = generateHistory({ model: 'kv', ops: 2000, seed: 3 });
    const count = (f: string) => ops.filter((op) => op.f === f).length;
    expect(count('append') + count('get')).toBeGreaterThan(0.9 * ops.length);
    expect(count('put')).toBeGreaterThan(0);
    for (const op of ops) if (op.f !== 'get') expect(op.input).toMatch(/^x \d+ \d+ y$/);
  });
});

describe('historyJsonlLines', () => {
  it('writes invoke and ok events in position order, info ops left open', () => {
    const { ops } = generateHistory({ model: 'kv', ops: 200, clients: 4, infoRate: 0.1, seed: 11 });
    const lines = [...historyJsonlLines(ops)].map((l) => JSON.parse(l) as Record<string, unknown>);
    const info = ops.filter((op) => op.status === 'info').length;
    expect(lines.length).toBe(2 * ops.length - info);
    expect(lines[0]).toEqual({ type: 'invoke', process: ops[0]!.process, f: ops[0]!.f, key: ops[0]!.key, value: ops[0]!.input });
    ops.forEach((op) => {
      expect(lines[op.callLine - 1]).toMatchObject({ type: 'invoke', process: op.process, f: op.f });
      if (op.retLine !== undefined) expect(lines[op.retLine - 1]).toMatchObject({ type: 'ok', process: op.process, value: op.output });
    });
  });

  it('omits the key of an unkeyed register', () => {
    const { ops } = generateHistory({ model: 'register', ops: 5, seed: 1 });
    for (const l of historyJsonlLines(ops)) expect(JSON.parse(l)).not.toHaveProperty('key');
  });
});

describe('writeHistoryJsonl', () => {
  it('writes a file that reads back as the same operations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quorate-gen-'));
    try {
      for (const o of [
        { model: 'kv', ops: 500, clients: 6, infoRate: 0.05, seed: 21 },
        { model: 'register', ops: 300, keys: 3, clients: 4, infoRate: 0.05, seed: 22 },
      ] as const) {
        const { ops } = generateHistory(o);
        const file = join(dir, `${o.model}.jsonl`);
        await writeHistoryJsonl(ops, file);
        const back = await readHistory(file, { format: 'jsonl' });
        expect(back.ops).toEqual(ops);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
