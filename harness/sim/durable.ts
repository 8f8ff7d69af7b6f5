/**
 * In-memory durable storage kept by the world for each node. It survives a
 * crash because the world, not the actor, owns it; a crash with disk loss
 * replaces it with an empty one. A `put` copies the value (and freezes the
 * copy), so mutating an object after writing it cannot change what is
 * "on disk", and mutating what `get` returns throws.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Durable } from '../../impl/actor.js';

/** A deep, frozen copy of a JSON value. */
export function frozenCopy(v: JsonValue): JsonValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<JsonValue>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = frozenCopy(v[i] as JsonValue);
    return Object.freeze(out) as JsonValue;
  }
  const out: { [k: string]: JsonValue } = {};
  for (const k of Object.keys(v)) out[k] = frozenCopy(v[k] as JsonValue);
  return Object.freeze(out);
}

/** A node's disk: a map from keys to JSON values. */
export class MemoryDurable implements Durable {
  private readonly data = new Map<string, JsonValue>();
  /** Number of `put`/`delete` calls (for coverage and benchmarks). */
  writes = 0;

  /** The stored value of `key`, frozen; undefined when absent. */
  get(key: string): JsonValue | undefined {
    return this.data.get(key);
  }

  /** Stores a copy of `value` under `key`; durable when it returns. */
  put(key: string, value: JsonValue): void {
    if (value === undefined) throw new TypeError(`Durable.put("${key}"): value must be JSON, got undefined`);
    this.data.set(key, frozenCopy(value));
    this.writes++;
  }

  /** Removes `key` (no effect when absent). */
  delete(key: string): void {
    this.data.delete(key);
    this.writes++;
  }

  /** Stored keys in first-write order. */
  keys(): readonly string[] {
    return Array.from(this.data.keys());
  }
}
