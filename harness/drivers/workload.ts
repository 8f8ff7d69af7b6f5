/**
 * A Maelstrom workload as data and functions: what a client asks (drawn
 * from a seeded stream), the request body it sends, how a reply becomes an
 * operation outcome (Jepsen's ok / fail / info, after Maelstrom's
 * `with-errors`), and the checker that judges the history.
 */
import type { JsonValue, OpEvent } from '../../traces/schema/trace-v1.js';
import type { Witness } from '../../spec/check-result.js';
import type { Rng } from '../sim/rng.js';
import { type Body, clip, isDefinite, errorName } from './maelstrom-protocol.js';

/** One operation a client performs. */
export interface DriverOp {
  readonly f: string;
  readonly key?: string;
  readonly value: JsonValue;
}

/** What a reply made of an operation. */
export type Completion =
  | { readonly type: 'ok'; readonly value: JsonValue }
  | { readonly type: 'fail' | 'info'; readonly error: JsonValue }
  /** The reply did not have the shape the workload's RPC promises. */
  | { readonly type: 'malformed'; readonly expected: string };

/** The outcome of a workload's checker. */
export type WorkloadVerdict =
  | { readonly valid: true; readonly detail: string }
  | {
      readonly valid: false;
      readonly detail: string;
      /** The evidence, one line each (operations with their history lines). */
      readonly witness: readonly string[];
      /** For a linearizability violation: the checker's witness, which the CLI renders as `quorate check` does. */
      readonly linearizability?: Witness;
    }
  | { readonly valid: 'unknown'; readonly detail: string };

/** What a checker reads. */
export interface CheckInput {
  /** Every operation event in history order. */
  readonly events: readonly OpEvent[];
  /** The history file written for this run (`quorate check` reads it too). */
  readonly historyFile: string | undefined;
  /** Index into `events` of the first event of the final phase (after the faults healed). */
  readonly finalStart: number;
  /** Wall-clock budget of the check, ms. */
  readonly timeoutMs: number;
}

/** A workload the process driver can run. */
export interface Workload {
  readonly name: string;
  readonly description: string;
  /** The next operation of a client, drawn from `rng`. */
  next(rng: Rng): DriverOp;
  /** The request body for `op` (without `msg_id`). */
  request(op: DriverOp): Body;
  /** The operation outcome a non-error reply means. */
  complete(op: DriverOp, reply: Body): Completion;
  /** The outcome of an error reply, when the workload reads a code its own way (default: errorCompletion). */
  error?(op: DriverOp, reply: Body): Completion | undefined;
  /** Operations that change nothing, so a timeout or error on them is a `fail` (Maelstrom's idempotent set). */
  readonly idempotent: ReadonlySet<string>;
  /** A message each node gets after `init` (and after every restart), e.g. broadcast's topology. */
  setup?(node: string, nodes: readonly string[], opts: { readonly topology: string }): Body | undefined;
  /** The reply type `setup` expects. */
  readonly setupReply?: string;
  /** An operation every client performs once after the faults heal (e.g. a final read). */
  readonly final?: DriverOp;
  /** Request timeout for a mean inter-node latency, ms (Maelstrom's defaults). */
  timeoutMs(latencyMs: number): number;
  /** Judges a finished history. */
  check(input: CheckInput): Promise<WorkloadVerdict>;
}

/** The outcome of an error reply to `op`: definite codes (and idempotent operations) fail, the rest are info. */
export function errorCompletion(w: Workload, op: DriverOp, reply: Body): Completion {
  const code = reply['code'];
  const error: JsonValue = [errorName(code), typeof code === 'number' ? code : null, (reply['text'] as JsonValue) ?? null];
  return isDefinite(code) || w.idempotent.has(op.f) ? { type: 'fail', error } : { type: 'info', error };
}

/** A reply that is not the `type` expected, as a malformed completion naming the expectation. */
export function expectType(reply: Body, type: string, fields: string): Completion | undefined {
  return reply.type === type ? undefined : { type: 'malformed', expected: `{"type":"${type}","in_reply_to":<msg_id>${fields}}` };
}

/** An invocation and its completion (undefined while still open at the end). */
export interface OpPair {
  readonly invoke: OpEvent;
  readonly complete: OpEvent | undefined;
  /** 1-based lines of the two events in the history file. */
  readonly invokeLine: number;
  readonly completeLine: number | undefined;
}

/** Pairs the events of a history (one open operation per process), in invocation order. */
export function pairOps(events: readonly OpEvent[]): OpPair[] {
  const out: { invoke: OpEvent; complete: OpEvent | undefined; invokeLine: number; completeLine: number | undefined }[] = [];
  const open = new Map<string | number, (typeof out)[number]>();
  events.forEach((e, i) => {
    if (e.type === 'invoke') {
      const p = { invoke: e, complete: undefined, invokeLine: i + 1, completeLine: undefined };
      out.push(p);
      open.set(e.process, p);
    } else {
      const p = open.get(e.process);
      if (p === undefined) return;
      p.complete = e;
      p.completeLine = i + 1;
      open.delete(e.process);
    }
  });
  return out;
}

/** One operation in a witness line: `process 3 (c4 -> n1) broadcast 7 ok, lines 12..13`. */
export function describePair(p: OpPair): string {
  const c = p.complete;
  const where = `lines ${p.invokeLine}..${p.completeLine ?? '(open)'}`;
  const val = c?.type === 'ok' ? c.value : p.invoke.value;
  return `process ${p.invoke.process} on ${p.invoke.node ?? '?'}: ${p.invoke.f}${p.invoke.key !== undefined ? ` ${p.invoke.key}` : ''} ${clip(JSON.stringify(val) ?? 'null', 60)} ${c?.type ?? 'open'}, ${where}`;
}
