/**
 * A large trace for the report's size and speed figures: `ops` KV operations
 * by 10 clients on 20 keys through a 3-server primary-backup exchange
 * (request, two replication messages with their acks, reply), a partition and
 * a crash on the way, and one stale read planted near the end, so the report
 * has a witness, a message diagram and faults to draw. Deterministic: a
 * fixed linear congruential generator, no clock.
 */
import type { TraceHeader } from '../../../traces/schema/trace-v1.js';

/** The text of the trace (header line, then events). */
export function largeTrace(ops = 10_000): string {
  let s = 12345;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const header: TraceHeader = { format: 'quorate-trace', version: 1, quorate: '0.1.0', subsystem: 'synthetic-primary-backup' };
  const lines: string[] = [JSON.stringify(header)];
  const state = new Map<string, string>();
  let msg = 0;
  let t = 0;
  const send = (from: string, to: string, body: Record<string, unknown>, lat: number): void => {
    const id = msg++;
    lines.push(JSON.stringify({ type: 'send', time: t, id, from, to, msg: body }));
    t += lat;
    lines.push(JSON.stringify({ type: 'deliver', time: t, id, from, to }));
  };
  const planted = ops - 5;
  let lastAppend: { key: string; value: string } | undefined;
  for (let i = 0; i < ops; i++) {
    if (i === Math.floor(ops / 3)) lines.push(JSON.stringify({ type: 'partition', time: t, shape: 'isolate-one', blocked: [['n3', 'n1'], ['n1', 'n3']], groups: [['n1', 'n2'], ['n3']] }));
    if (i === Math.floor(ops / 3) + 200) lines.push(JSON.stringify({ type: 'heal', time: t }));
    if (i === Math.floor((ops * 2) / 3)) lines.push(JSON.stringify({ type: 'crash', time: t, node: 'n2', diskLoss: false }));
    if (i === Math.floor((ops * 2) / 3) + 150) lines.push(JSON.stringify({ type: 'restart', time: t, node: 'n2' }));
    const process = rnd(10);
    const node = `c${process + 1}`;
    const drawn = `k${rnd(20)}`;
    const get = i === planted || rnd(2) === 0;
    const key = i === planted && lastAppend !== undefined ? lastAppend.key : drawn;
    const value = get ? null : `${process}.${i}`;
    const f = get ? 'get' : 'append';
    lines.push(JSON.stringify({ type: 'invoke', process, f, key, value, time: t, node }));
    send(node, 'n1', { type: 'request', f, key, value }, 300 + rnd(500));
    if (!get) {
      state.set(key, (state.get(key) ?? '') + (value as string));
      lastAppend = { key, value: value as string };
      for (const b of ['n2', 'n3']) send('n1', b, { type: 'prepare', key, value }, 200 + rnd(400));
      for (const b of ['n2', 'n3']) send(b, 'n1', { type: 'prepare-ok', key }, 200 + rnd(400));
    }
    // The planted bug: a read of the last key appended to returns the value before that append.
    const cur = state.get(key) ?? '';
    const stale = i === planted && lastAppend !== undefined ? cur.slice(0, cur.length - lastAppend.value.length) : cur;
    const out = get ? stale : value;
    send('n1', node, { type: 'reply', value: out }, 300 + rnd(500));
    lines.push(JSON.stringify({ type: 'ok', process, f, key, value: out, time: t, node }));
    t += 10 + rnd(50);
  }
  return lines.join('\n') + '\n';
}
