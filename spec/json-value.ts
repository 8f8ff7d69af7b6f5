/**
 * Structural equality and hashing of JSON values, as the models need them.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';

/** Deep equality of two JSON values (object key order ignored). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!(k in b) || !jsonEqual(a[k], b[k])) return false;
  return true;
}

/** FNV-1a over a string, 32 bits. */
export function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit integer finalizer (murmur3's). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A hash consistent with `jsonEqual`. */
export function jsonHash(v: JsonValue | undefined): number {
  if (v === undefined) return 0x9e3779b9;
  if (v === null) return 0x1234567;
  switch (typeof v) {
    case 'number':
      // Small integers (registers' values) are mixed arithmetically: no string per hash. 0 and -0 are
      // equal to jsonEqual, and `-0 | 0` is 0, so they still hash alike.
      if ((v | 0) === v) return mix32(v ^ 0x6e756d62);
      return hashString(`n${v}`);
    case 'string':
      return hashString(v, 0x811c9dc5 ^ 0x73);
    case 'boolean':
      return v ? 0x2545f491 : 0x6b43a9b5;
    default:
      if (Array.isArray(v)) {
        let h = 0x3c6ef372;
        for (const x of v) h = Math.imul(h ^ jsonHash(x), 0x01000193) >>> 0;
        return h;
      }
      let h = 0xa54ff53a;
      for (const k of Object.keys(v).sort()) h = Math.imul(h ^ hashString(k) ^ jsonHash(v[k]), 0x01000193) >>> 0;
      return h;
  }
}

/** Compact rendering of a JSON value for reports. */
export function showJson(v: JsonValue | undefined): string {
  return v === undefined ? '?' : JSON.stringify(v);
}
