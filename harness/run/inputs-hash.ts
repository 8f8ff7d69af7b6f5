/**
 * A fingerprint of a run's inputs for its trace header: SHA-256 of their
 * canonical JSON (object keys sorted, absent fields dropped), so the hash
 * does not depend on key order or on how the header was re-serialized, and
 * an edit of the inputs is noticed on replay.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level (values as JSON.stringify writes them). */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** `sha256:` and the hex SHA-256 of the canonical JSON of `inputs`. */
export function inputsHash(inputs: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(inputs)).digest('hex')}`;
}
