/**
 * The services against their promises: lin-kv and lin-tso answer as one copy
 * would; seq-kv's histories are sequentially consistent (checked by the
 * definition in spec/consistency) though some reads are stale, never more
 * than SEQ_KV_MAX_LAG versions; lww-kv's replicas converge after the writes
 * stop, to the value with the largest stamp.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import type { Operation } from '../../../traces/history.js';
import { registerModel } from '../../../spec/register.js';
import { applyKv } from '../../../spec/maelstrom-services.js';
import { checkSequential } from '../../../spec/consistency/sequential.js';
import { createRng } from '../../sim/rng.js';
import type { Body } from '../maelstrom-protocol.js';
import { SEQ_KV_MAX_LAG, linKv, seqKv } from './kv-services.js';
import { LWW_GOSSIP_US, lwwKv } from './lww-kv.js';
import { createServices, linTso } from './index.js';

describe('the key-value spec Maelstrom services apply', () => {
  it('read of a missing key is 20; cas on it is 20 unless create_if_not_exists; a wrong from is 22', () => {
    const empty = new Map<string, JsonValue>();
    expect(applyKv(empty, { type: 'read', key: 'k' }).reply).toMatchObject({ type: 'error', code: 20 });
    expect(applyKv(empty, { type: 'cas', key: 'k', from: 1, to: 2 }).reply).toMatchObject({ type: 'error', code: 20 });
    const created = applyKv(empty, { type: 'cas', key: 'k', from: 1, to: 2, create_if_not_exists: true });
    expect(created.reply).toEqual({ type: 'cas_ok' });
    expect(applyKv(created.next, { type: 'read', key: 'k' }).reply).toEqual({ type: 'read_ok', value: 2 });
    expect(applyKv(created.next, { type: 'cas', key: 'k', from: 1, to: 3 }).reply).toMatchObject({ type: 'error', code: 22 });
    expect(applyKv(created.next, { type: 'cas', key: 'k', from: 2, to: 3, create_if_not_exists: true }).reply).toEqual({ type: 'cas_ok' });
    expect(empty.size).toBe(0); // pure
  });

  it('malformed requests are 12, other types 10, on every kv service', () => {
    for (const s of createServices(createRng(1)).values()) {
      if (s.name === 'lin-tso') continue;
      expect(s.handle('n0', { type: 'cas', key: 1, from: 1 } as Body, 0)).toMatchObject({ type: 'error', code: 12 });
      expect(s.handle('n0', { type: 'append', key: 1 } as Body, 0)).toMatchObject({ type: 'error', code: 10 });
    }
    expect(linTso().handle('n0', { type: 'read' }, 0)).toMatchObject({ type: 'error', code: 10 });
  });
});

/** Random requests of three callers on keys a and b. */
const requests = fc.array(
  fc.record({
    from: fc.constantFrom('n0', 'n1', 'n2'),
    key: fc.constantFrom('a', 'b'),
    kind: fc.constantFrom('read', 'read', 'write', 'cas'),
    x: fc.integer({ min: 0, max: 2 }),
    y: fc.integer({ min: 0, max: 2 }),
  }),
  { minLength: 1, maxLength: 16 },
);

/** Runs `reqs` one after another on service `s` and records the history the register model judges (a failed cas dropped). */
function history(s: ReturnType<typeof seqKv>, reqs: readonly { from: string; key: string; kind: string; x: number; y: number }[]): Operation[] {
  const ops: Operation[] = [];
  reqs.forEach((r, i) => {
    const body: Body = r.kind === 'read' ? { type: 'read', key: r.key } : r.kind === 'write' ? { type: 'write', key: r.key, value: r.x } : { type: 'cas', key: r.key, from: r.x, to: r.y };
    const reply = s.handle(r.from, body, i * 1000);
    if (reply.type === 'error' && r.kind !== 'read') return;
    const f = r.kind;
    const input: JsonValue = f === 'read' ? null : f === 'write' ? r.x : [r.x, r.y];
    const output: JsonValue = f === 'read' ? (reply.type === 'read_ok' ? (reply['value'] ?? null) : null) : input;
    ops.push({ id: ops.length, process: r.from, f, key: r.key, input, output, status: 'ok', call: 2 * i, ret: 2 * i + 1, callLine: 2 * i + 1, retLine: 2 * i + 2 });
  });
  return ops;
}

describe('seq-kv', () => {
  test.prop([requests, fc.integer({ min: 0, max: 1000 })], { numRuns: 300 })('every history is sequentially consistent', (reqs, seed) => {
    const ops = history(seqKv(createRng(seed)), reqs);
    expect(checkSequential(ops, { model: registerModel }).verdict).toBe('sequential');
  });

  it(`some reads are stale, never by more than ${SEQ_KV_MAX_LAG} versions, never older than what the caller saw`, () => {
    const s = seqKv(createRng(7));
    let stale = 0;
    for (let v = 1; v <= 200; v++) {
      s.handle('n0', { type: 'write', key: 'k', value: v }, 0);
      const r = s.handle('n1', { type: 'read', key: 'k' }, 0);
      const got = r['value'] as number | undefined;
      const read = got ?? 0; // 20 before n1 saw the first write
      expect(read).toBeGreaterThanOrEqual(v - SEQ_KV_MAX_LAG);
      if (read < v) stale++;
    }
    expect(stale).toBeGreaterThan(50);
    // A caller's own write is visible to it at once.
    s.handle('n2', { type: 'write', key: 'k', value: 999 }, 0);
    expect(s.handle('n2', { type: 'read', key: 'k' }, 0)).toEqual({ type: 'read_ok', value: 999 });
  });
});

describe('lin-kv and lin-tso', () => {
  test.prop([requests], { numRuns: 100 })('lin-kv reads always see the newest write', (reqs) => {
    const s = linKv();
    const shadow = new Map<string, number>();
    for (const r of reqs) {
      if (r.kind === 'write') {
        s.handle(r.from, { type: 'write', key: r.key, value: r.x }, 0);
        shadow.set(r.key, r.x);
      } else {
        const reply = s.handle(r.from, { type: 'read', key: r.key }, 0);
        expect(reply).toEqual(shadow.has(r.key) ? { type: 'read_ok', value: shadow.get(r.key) } : expect.objectContaining({ code: 20 }));
      }
    }
  });

  it('lin-tso answers strictly increasing timestamps', () => {
    const s = linTso();
    const ts = [0, 1, 2, 3].map((i) => s.handle(`n${i % 2}`, { type: 'ts' }, 0)['ts'] as number);
    expect(ts.every((t, i) => i === 0 || t > (ts[i - 1] as number))).toBe(true);
  });
});

describe('lww-kv', () => {
  it('replicas disagree while writes land on different ones, then converge to the largest stamp', () => {
    const s = lwwKv(createRng(3));
    const seen = new Set<JsonValue>();
    for (let i = 0; i < 30; i++) s.handle('n0', { type: 'write', key: 'k', value: i }, 1_000 + i);
    for (let i = 0; i < 30; i++) seen.add(s.handle('n1', { type: 'read', key: 'k' }, 2_000)['value'] ?? null);
    expect(seen.size).toBeGreaterThan(1); // before any anti-entropy round: replicas differ
    const after = new Set<JsonValue>();
    for (let i = 0; i < 30; i++) after.add(s.handle('n1', { type: 'read', key: 'k' }, 2_000 + 20 * LWW_GOSSIP_US)['value'] ?? null);
    expect(after.size).toBe(1);
  });
});
