/**
 * The file-coherence tradeoff, measured: callbacks vs leases vs polling at
 * write ratios of 1, 10 and 30 % of sessions, over the AFS descriptors'
 * default fault schedules (partitions, server crashes, drift, loss); and
 * Coda's availability while clients are cut off. Per configuration:
 * - server messages per open: messages the server received and sent (every
 *   incarnation) per open that completed ok — the server's load;
 * - staleness: for each ok open, how long the version it returned had been
 *   superseded when the open was invoked (0 when it was the latest), mean and
 *   worst, virtual time;
 * - write latency: mean virtual time of a close that stored, invocation to ok;
 * - availability during partitions: of the opens and of the storing closes
 *   a client invoked while a partition cut it off from the server, the share
 *   that completed ok before that cut ended.
 * All figures are virtual-time or counts: deterministic for the seeds.
 */
import { afsCallbacks, afsLeases, afsPolling, afsPollingPeriod, AFS_WORKLOAD } from '../../harness/subsystems/afs.js';
import { coda } from '../../harness/subsystems/coda.js';
import type { SubsystemDescriptor } from '../../harness/subsystems/descriptor.js';
import { inputsForSeed } from '../../harness/run/inputs.js';
import { simulate } from '../../harness/run/simulate.js';
import { fileWorkload } from '../../harness/workload/file-workload.js';
import { FileServer } from '../../impl/afs/server.js';
import { publicationsOf } from '../../impl/afs/coherence.js';
import type { Publication } from '../../spec/afs/session-check.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

/** Seeds per configuration. */
export const COHERENCE_SEEDS = 200;

/** One row of the tradeoff table. */
export interface CoherenceRow {
  readonly variant: string;
  readonly writePercent: number;
  readonly opens: number;
  readonly messagesPerOpen: number;
  readonly staleMeanMs: number;
  readonly staleWorstMs: number;
  readonly writeLatencyMs: number;
  readonly opensInPartition: number;
  readonly opensInPartitionOk: number;
  readonly storesInPartition: number;
  readonly storesInPartitionOk: number;
  readonly failingSeeds: number;
}

/** Measures `base` at `writePercent` over `seeds` default seeds. */
export function measureCoherence(base: SubsystemDescriptor, writePercent: number, seeds: number): CoherenceRow {
  let servers: FileServer[] = [];
  let view: object | undefined;
  const d: SubsystemDescriptor = {
    ...base,
    workload: () => fileWorkload({ ...AFS_WORKLOAD, writePercent }),
    server: (id, opts) => {
      const s = base.server(id, opts) as FileServer;
      servers.push(s);
      return s;
    },
    properties: [...base.properties, { kind: 'always', name: 'bench-view', description: 'keeps the run\'s view for the bench', check: (v) => void (view = v) }],
  };
  let opens = 0;
  let messages = 0;
  let staleSum = 0;
  let staleWorst = 0;
  let writes = 0;
  let writeSum = 0;
  let opensIn = 0;
  let opensInOk = 0;
  let storesIn = 0;
  let storesInOk = 0;
  let failing = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    servers = [];
    view = undefined;
    const r = simulate(d, inputsForSeed(d, seed), { mutant: undefined, record: true });
    if (r.verdict !== 'pass') failing++;
    for (const s of servers) messages += s.received + Object.values(s.sent).reduce((a, b) => a + b, 0);
    const pubs: readonly Publication[] = view === undefined ? [] : publicationsOf(view) ?? [];
    // Per client, the intervals in which a partition cut it off from the server (each partition replaces the last; a heal ends it).
    const cuts = new Map<string, [number, number][]>();
    let open: { readonly at: number; readonly clients: readonly string[] } | undefined;
    const close = (t: number): void => {
      for (const c of open?.clients ?? []) (cuts.get(c) ?? cuts.set(c, []).get(c) ?? []).push([(open as { at: number }).at, t]);
      open = undefined;
    };
    for (const e of r.trace) {
      if (e.type !== 'partition' && e.type !== 'heal') continue;
      close(e.time);
      if (e.type === 'partition') open = { at: e.time, clients: [...new Set(e.blocked.filter(([a, b]) => a === 'n1' || b === 'n1').map(([a, b]) => (a === 'n1' ? b : a)))] };
    }
    close(Infinity);
    /** Invoked while its client was cut off from the server: whether it completed ok before that cut ended. */
    const during = (rec: (typeof r.records)[number]): boolean | undefined => {
      const end = cuts.get(rec.client)?.find(([a, b]) => rec.invokeTime >= a && rec.invokeTime < b)?.[1];
      return end === undefined ? undefined : rec.status === 'ok' && (rec.completeTime as number) < end;
    };
    for (const rec of r.records) {
      const storing = rec.f === 'close' && Array.isArray(rec.input) && rec.input.length > 0;
      if (rec.f === 'open') {
        const inCut = during(rec);
        if (inCut !== undefined) {
          opensIn++;
          if (inCut) opensInOk++;
        }
        if (rec.status !== 'ok') continue;
        opens++;
        const out = rec.output as { v: number };
        const next = pubs.find((p) => p.key === rec.key && p.v === out.v + 1);
        const stale = next !== undefined && next.at < rec.invokeTime ? rec.invokeTime - next.at : 0;
        staleSum += stale;
        staleWorst = Math.max(staleWorst, stale);
      } else if (storing) {
        const inCut = during(rec);
        if (inCut !== undefined) {
          storesIn++;
          if (inCut) storesInOk++;
        }
        if (rec.status === 'ok' && rec.completeTime !== undefined) {
          writes++;
          writeSum += rec.completeTime - rec.invokeTime;
        }
      }
    }
  }
  return {
    variant: base.name, writePercent, opens,
    messagesPerOpen: messages / Math.max(1, opens),
    staleMeanMs: staleSum / Math.max(1, opens) / 1000,
    staleWorstMs: staleWorst / 1000,
    writeLatencyMs: writeSum / Math.max(1, writes) / 1000,
    opensInPartition: opensIn, opensInPartitionOk: opensInOk, storesInPartition: storesIn, storesInPartitionOk: storesInOk,
    failingSeeds: failing,
  };
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((a / b) * 100).toFixed(0)} %`);

/** The rows as a Markdown table. */
export function coherenceTable(rows: readonly CoherenceRow[]): string[] {
  const lines = [
    '| variant | writing sessions | server msgs / open | stale mean (ms) | stale worst (ms) | write latency (ms) | opens ok while cut off | stores ok while cut off |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.variant} | ${r.writePercent} % | ${r.messagesPerOpen.toFixed(2)} | ${r.staleMeanMs.toFixed(2)} | ${r.staleWorstMs.toFixed(0)} | ${r.writeLatencyMs.toFixed(1)} | ${pct(r.opensInPartitionOk, r.opensInPartition)} | ${pct(r.storesInPartitionOk, r.storesInPartition)} |`);
  }
  return lines;
}

/** Every row of the table: the three AFS variants (and polling every P) at 1, 10, 30 % writes, and Coda at 10 %. */
export function coherenceRows(seeds = COHERENCE_SEEDS): CoherenceRow[] {
  const rows: CoherenceRow[] = [];
  for (const w of [1, 10, 30]) for (const d of [afsCallbacks, afsLeases, afsPolling, afsPollingPeriod]) rows.push(measureCoherence(d, w, seeds));
  rows.push(measureCoherence(coda, 10, seeds));
  return rows;
}

/** The `file-coherence` bench group: the table in its notes; the time columns hold wall time. */
export const fileCoherenceGroup: BenchGroup = {
  name: 'file-coherence',
  description: `AFS callbacks vs leases vs polling at 1/10/30 % writing sessions, and Coda, ${COHERENCE_SEEDS} default seeds each: server load, staleness, write latency, availability during partitions`,
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const t0 = performance.now();
    const rows = coherenceRows();
    const ms = performance.now() - t0;
    const failing = rows.reduce((a, r) => a + r.failingSeeds, 0);
    return {
      files: rows.length * COHERENCE_SEEDS, ops: rows.reduce((a, r) => a + r.opens, 0), checkMs: ms,
      notes: [...coherenceTable(rows), `seeds failing any property: ${failing} (must be 0)`],
    };
  },
};
