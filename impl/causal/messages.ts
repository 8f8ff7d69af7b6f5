/**
 * The wire protocol of the causal+ store (COPS, Lloyd et al., SOSP 2011):
 * client puts and gets carrying the client's context (nearest dependencies),
 * replication of a write with its dependencies, and anti-entropy by
 * per-origin sequence numbers. Plain JSON, discriminated on `type`.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ActorContext, NodeId } from '../actor.js';

/** A write's version: a Lamport timestamp and the server that made it (ties broken by server id). */
export interface Version {
  readonly t: number;
  readonly n: NodeId;
}

/** A dependency: a key and the version of it that must be applied first. */
export interface Dep {
  readonly key: string;
  readonly v: Version;
}

/** A write as replicated: origin and per-origin sequence number (for anti-entropy), and its nearest dependencies. */
export interface Write {
  readonly key: string;
  readonly value: string;
  readonly v: Version;
  readonly seq: number;
  readonly deps: readonly Dep[];
}

/** Messages between clients and servers, and between servers. */
export type CausalMessage =
  | { type: 'put'; id: string; key: string; value: string; deps: Dep[] }
  | { type: 'put-ok'; id: string; v: Version }
  | { type: 'get'; id: string; key: string; deps: Dep[] }
  | { type: 'get-ok'; id: string; value: string; v: Version | null }
  | { type: 'final-read'; id: string; key: string }
  | { type: 'replicate'; writes: Write[] }
  /** Anti-entropy: how many writes of each origin the sender holds contiguously from seq 1. */
  | { type: 'have'; counts: Record<string, number> };

/** The identity of a version, for sets and maps. */
export const versionId = (v: Version): string => `${v.t}.${v.n}`;

/** Whether version `a` is newer than `b` (last-writer-wins order: timestamp, then server id). */
export const newer = (a: Version, b: Version | undefined): boolean => b === undefined || a.t > b.t || (a.t === b.t && a.n > b.n);

/** Send a protocol message. */
export function send(ctx: ActorContext, to: NodeId, msg: CausalMessage): void {
  ctx.send(to, msg as unknown as JsonValue);
}
