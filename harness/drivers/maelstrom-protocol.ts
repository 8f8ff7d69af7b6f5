/**
 * Maelstrom's wire protocol, as the code of Maelstrom v0.2.4 speaks it
 * (jepsen-io/maelstrom: src/maelstrom/net.clj, client.clj, db.clj,
 * doc/protocol.md). One JSON object per line on a node's stdin and stdout:
 * an envelope `{id?, src, dest, body}` whose body has a string `type` and
 * optionally an integer `msg_id` and `in_reply_to`. Servers are `n0..n(N-1)`
 * (core.clj `parse-node-count`), clients `c0, c1, ...` in the order they open
 * (net.clj starts `next-client-id` at -1, so the first is c0; the docs say
 * n1/c1 — the code wins). The network stamps every envelope with an integer
 * `id` (net.clj `send!`), which the docs do not mention; nodes must ignore it.
 *
 * Errors are bodies `{type: "error", code, text}`. The code registry
 * (client.clj `deferror`) says which codes are definite — the operation did
 * not happen (`fail`); every other code, including codes Maelstrom does not
 * register, is indefinite (`info`).
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';

/** A message body: `type`, optional ids, and workload fields. */
export type Body = { readonly type: string; readonly msg_id?: number; readonly in_reply_to?: number } & { readonly [k: string]: JsonValue };

/** One message as it travels: Maelstrom's envelope. */
export interface Envelope {
  /** The network's message id (Maelstrom's `:id`); absent on what a node writes. */
  readonly id?: number;
  readonly src: string;
  readonly dest: string;
  readonly body: Body;
}

/** An error code Maelstrom registers, with its name and whether it is definite. */
export interface ErrorCode {
  readonly code: number;
  readonly name: string;
  readonly definite: boolean;
}

/** Maelstrom's registered error codes (client.clj `deferror`, protocol.md's table). */
export const ERROR_CODES: readonly ErrorCode[] = [
  { code: 0, name: 'timeout', definite: false },
  { code: 1, name: 'node-not-found', definite: true },
  { code: 10, name: 'not-supported', definite: true },
  { code: 11, name: 'temporarily-unavailable', definite: true },
  { code: 12, name: 'malformed-request', definite: true },
  { code: 13, name: 'crash', definite: false },
  { code: 14, name: 'abort', definite: true },
  { code: 20, name: 'key-does-not-exist', definite: true },
  { code: 21, name: 'key-already-exists', definite: true },
  { code: 22, name: 'precondition-failed', definite: true },
  { code: 30, name: 'txn-conflict', definite: true },
];

/** Whether error `code` means the operation definitely did not happen (unregistered codes are indefinite). */
export function isDefinite(code: unknown): boolean {
  return ERROR_CODES.some((e) => e.code === code && e.definite);
}

/** The registered name of error `code`, or `unknown`. */
export function errorName(code: unknown): string {
  return ERROR_CODES.find((e) => e.code === code)?.name ?? 'unknown';
}

/** The server ids `n0..n(count-1)`. */
export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i}`);
}

/** The id of the `index`-th client Maelstrom opens. */
export function clientId(index: number): string {
  return `c${index}`;
}

/** Whether `id` names a client (`c` and digits). */
export function isClientId(id: string): boolean {
  return /^c\d+$/.test(id);
}

/** The `init` body a node receives first. */
export function initBody(msgId: number, nodeId: string, nodeIds: readonly string[]): Body {
  return { type: 'init', msg_id: msgId, node_id: nodeId, node_ids: [...nodeIds] };
}

/** The shape a node must write, for diagnostics. */
export const ENVELOPE_SHAPE = '{"src":"<its node id>","dest":"<node or client id>","body":{"type":"...", ...}}';

/** A line a node wrote, read: an envelope, or what is wrong with it. */
export type ParsedLine = { readonly ok: true; readonly msg: Envelope } | { readonly ok: false; readonly problem: string };

const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

/** Reads one stdout line of node `self`; says exactly what is wrong when it is not an envelope from `self`. */
export function parseNodeLine(line: string, self: string): ParsedLine {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { ok: false, problem: `not JSON: ${clip(line)}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, problem: `not a JSON object: ${clip(line)}` };
  const m = v as Record<string, unknown>;
  if (typeof m['src'] !== 'string') return { ok: false, problem: `"src" must be a string (its node id), got ${show(m['src'])}` };
  if (m['src'] !== self) return { ok: false, problem: `"src" must be its own id "${self}", got ${show(m['src'])}` };
  if (typeof m['dest'] !== 'string') return { ok: false, problem: `"dest" must be a string (a node or client id), got ${show(m['dest'])}` };
  const body = m['body'];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problem: `"body" must be an object, got ${show(body)}` };
  const b = body as Record<string, unknown>;
  if (typeof b['type'] !== 'string') return { ok: false, problem: `"body.type" must be a string, got ${show(b['type'])}` };
  if (b['msg_id'] !== undefined && !isInt(b['msg_id'])) return { ok: false, problem: `"body.msg_id" must be an integer, got ${show(b['msg_id'])}` };
  if (b['in_reply_to'] !== undefined && !isInt(b['in_reply_to'])) {
    return { ok: false, problem: `"body.in_reply_to" must be an integer, got ${show(b['in_reply_to'])}` };
  }
  return { ok: true, msg: { src: m['src'], dest: m['dest'], body: b as Body } };
}

/** A value shortened for a one-line message. */
export function show(v: unknown): string {
  return v === undefined ? 'nothing' : clip(JSON.stringify(v) ?? String(v));
}

/** `s` cut to 120 characters. */
export function clip(s: string, max = 120): string {
  return s.length <= max ? s : `${s.slice(0, max)}... (${s.length} chars)`;
}
