/**
 * The figures `quorate test` prints after a run, after Maelstrom's own
 * summary: per operation, how many ended ok / fail / info (an operation left
 * open counts as info); latency quantiles of the ok ones; and messages per
 * operation, over all messages and over server-to-server ones only
 * (Maelstrom's `:net` `:msgs-per-op`).
 */
import type { OpEvent } from '../../traces/schema/trace-v1.js';
import { pairOps } from './workload.js';

/** Outcome counts of one operation name. */
export interface OutcomeCounts {
  ok: number;
  fail: number;
  info: number;
}

/** What a run did, in numbers. */
export interface TestStats {
  readonly counts: Readonly<Record<string, OutcomeCounts>>;
  /** Latency of ok operations, ms, at quantiles 0, 0.5, 0.95, 0.99, 1 (empty without ok operations). */
  readonly latencyMs: Readonly<Record<string, number>>;
  readonly operations: number;
  readonly messages: { readonly all: number; readonly servers: number; readonly perOp: number; readonly serversPerOp: number };
}

/** The quantiles reported. */
export const QUANTILES = [0, 0.5, 0.95, 0.99, 1] as const;

/** Computes the figures of a history and the message counts. */
export function testStats(events: readonly OpEvent[], messages: { readonly clients: number; readonly servers: number }): TestStats {
  const counts: Record<string, OutcomeCounts> = {};
  const lat: number[] = [];
  const pairs = pairOps(events);
  for (const p of pairs) {
    const c = (counts[p.invoke.f] ??= { ok: 0, fail: 0, info: 0 });
    const t = p.complete?.type ?? 'info';
    if (t === 'ok' || t === 'fail' || t === 'info') c[t]++;
    if (t === 'ok' && p.complete?.time !== undefined && p.invoke.time !== undefined) lat.push((p.complete.time - p.invoke.time) / 1000);
  }
  lat.sort((a, b) => a - b);
  const latencyMs: Record<string, number> = {};
  if (lat.length > 0) for (const q of QUANTILES) latencyMs[String(q)] = round(lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] as number);
  const all = messages.clients + messages.servers;
  const n = pairs.length;
  return {
    counts,
    latencyMs,
    operations: n,
    messages: { all, servers: messages.servers, perOp: n === 0 ? 0 : round(all / n), serversPerOp: n === 0 ? 0 : round(messages.servers / n) },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
