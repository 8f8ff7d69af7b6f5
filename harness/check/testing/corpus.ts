/**
 * Test helpers: a small reader for the two Porcupine corpus formats (Jepsen
 * etcd logs and kv EDN lines), independent of traces/ (which has the official
 * readers), so the checker's tests and measurements stand on their own.
 */
import { readFileSync } from 'node:fs';
import type { Operation } from '../../../traces/history.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';

interface Ev {
  readonly process: string;
  readonly type: string;
  readonly f: string;
  readonly key: string | undefined;
  readonly value: JsonValue;
}

/** Pairs invocations with completions: `fail` is dropped, `info` and open invocations stay indeterminate. */
export function pairEvents(evs: readonly Ev[]): Operation[] {
  const open = new Map<string, { ev: Ev; pos: number; drop: boolean; done?: { pos: number; value: JsonValue } }>();
  const all: { ev: Ev; pos: number; drop: boolean; done?: { pos: number; value: JsonValue } }[] = [];
  evs.forEach((ev, pos) => {
    if (ev.type === 'invoke') {
      const o = { ev, pos, drop: false };
      open.set(ev.process, o);
      all.push(o);
      return;
    }
    const o = open.get(ev.process);
    if (o === undefined) return;
    open.delete(ev.process);
    if (ev.type === 'ok') o.done = { pos, value: ev.value };
    else if (ev.type === 'fail') o.drop = true;
  });
  return all
    .filter((o) => !o.drop)
    .map((o, id) => ({
      id,
      process: o.ev.process,
      f: o.ev.f,
      key: o.ev.key,
      input: o.ev.value,
      output: o.done === undefined ? undefined : o.ev.f === 'read' || o.ev.f === 'get' ? o.done.value : o.ev.value,
      status: o.done === undefined ? 'info' : 'ok',
      call: o.pos,
      ret: o.done === undefined ? Infinity : o.done.pos,
      callLine: o.pos + 1,
      retLine: o.done === undefined ? undefined : o.done.pos + 1,
    }));
}

const ednValue = (s: string): JsonValue => {
  const t = s.trim();
  if (t === 'nil' || t === ':timed-out') return null;
  if (t.startsWith('[')) return t.slice(1, -1).trim().split(/\s+/).map(ednValue);
  if (t.startsWith('"')) return JSON.parse(t) as string;
  return Number(t);
};

/** Operations of a Jepsen etcd log (`INFO  jepsen.util - 17\t:invoke\t:cas\t[3 1]`). */
export function readEtcdLog(file: string): Operation[] {
  const evs: Ev[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /jepsen\.util - (\d+)\s+:(\w+)\s+:(\w+)\s+(.*)$/.exec(line);
    if (m === null) continue;
    evs.push({ process: m[1]!, type: m[2]!, f: m[3]!, key: undefined, value: ednValue(m[4]!) });
  }
  return pairEvents(evs);
}

/** Operations of a Porcupine kv EDN history. */
export function readKvEdn(file: string): Operation[] {
  const evs: Ev[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /:process (\d+), :type :(\w+), :f :(\w+), :key "([^"]*)", :value (nil|"(?:[^"\\]|\\.)*")/.exec(line);
    if (m === null) continue;
    evs.push({ process: m[1]!, type: m[2]!, f: m[3]!, key: m[4]!, value: ednValue(m[5]!) });
  }
  return pairEvents(evs);
}
