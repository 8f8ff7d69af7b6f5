/**
 * What Maelstrom's services answer (Maelstrom v0.2.4, `src/maelstrom/service.clj`),
 * as pure functions: a key-value store's `read` / `write` / `cas` (with
 * `create_if_not_exists`) on one state, and a timestamp oracle's `ts`. The
 * process driver's services (harness/drivers/services/) decide only *which*
 * state a request meets — the one copy (lin-kv), a bounded-stale version
 * (seq-kv), a replica (lww-kv) — and apply these. A write and a cas change a
 * key by the register spec's own `step` (spec/register.ts).
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';
import { registerModel } from './register.js';
import { jsonEqual } from './json-value.js';

/** A key-value store: canonical JSON of the key → value; an absent key does not exist. */
export type KvStore = ReadonlyMap<string, JsonValue>;

/** A request a node sends a key-value service. */
export type KvRequest =
  | { readonly type: 'read'; readonly key: JsonValue }
  | { readonly type: 'write'; readonly key: JsonValue; readonly value: JsonValue }
  | { readonly type: 'cas'; readonly key: JsonValue; readonly from: JsonValue; readonly to: JsonValue; readonly create_if_not_exists?: boolean };

/** The reply body (without msg_id / in_reply_to). Codes: 20 key-does-not-exist, 22 precondition-failed. */
export type KvReply =
  | { readonly type: 'read_ok'; readonly value: JsonValue }
  | { readonly type: 'write_ok' }
  | { readonly type: 'cas_ok' }
  | { readonly type: 'error'; readonly code: 20 | 22; readonly text: string };

/** The canonical key of a JSON key (Maelstrom's keys are any JSON value). */
export const kvKey = (key: JsonValue): string => JSON.stringify(key);

/** Applies `req` to `s`: the next store and the reply. Pure. */
export function applyKv(s: KvStore, req: KvRequest): { readonly next: KvStore; readonly reply: KvReply } {
  const k = kvKey(req.key);
  const has = s.has(k);
  const current = s.get(k) ?? null;
  const set = (v: JsonValue): KvStore => new Map(s).set(k, v);
  switch (req.type) {
    case 'read':
      return has ? { next: s, reply: { type: 'read_ok', value: current } } : { next: s, reply: { type: 'error', code: 20, text: `key ${k} does not exist` } };
    case 'write':
      return { next: set(registerModel.step(current, { f: 'write', key: undefined, value: req.value }, undefined).next), reply: { type: 'write_ok' } };
    case 'cas': {
      if (!has) {
        // Maelstrom creates the key with `to` when asked to, whatever `from` says.
        if (req.create_if_not_exists === true) return { next: set(req.to), reply: { type: 'cas_ok' } };
        return { next: s, reply: { type: 'error', code: 20, text: `key ${k} does not exist` } };
      }
      const r = registerModel.step(current, { f: 'cas', key: undefined, value: [req.from, req.to] }, undefined);
      if (!r.legal) return { next: s, reply: { type: 'error', code: 22, text: `expected ${JSON.stringify(req.from)}, but had ${JSON.stringify(current)}` } };
      return { next: set(r.next), reply: { type: 'cas_ok' } };
    }
  }
}

/** Whether a body is a well-formed KvRequest; returns what is wrong, or undefined. */
export function kvRequestProblem(body: Readonly<Record<string, unknown>>): string | undefined {
  const t = body['type'];
  if (t !== 'read' && t !== 'write' && t !== 'cas') return `a key-value service answers read|write|cas, got ${JSON.stringify(t)}`;
  if (!('key' in body)) return `${t} needs "key"`;
  if (t === 'write' && !('value' in body)) return 'write needs "value"';
  if (t === 'cas' && (!('from' in body) || !('to' in body))) return 'cas needs "from" and "to"';
  if (t === 'cas' && 'create_if_not_exists' in body && typeof body['create_if_not_exists'] !== 'boolean') return '"create_if_not_exists" must be a boolean';
  return undefined;
}

/** The timestamp oracle (lin-tso): each `ts` answers a number greater than every one answered before. */
export function nextTimestamp(last: number): number {
  return last + 1;
}

/** Whether two stores hold the same keys and values (tests). */
export function sameStore(a: KvStore, b: KvStore): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || !jsonEqual(v, b.get(k) ?? null)) return false;
  return true;
}
