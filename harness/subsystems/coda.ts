/**
 * Coda disconnected operation (impl/coda) on the AFS file server: 4 Coda
 * clients that keep serving hoarded files and logging their stores while
 * cut off from the server, and reintegrate their logs, all or nothing, when
 * they reach it again. Checked by the commit log, the promise invariant
 * (while connected), `replay-on-base` (a reintegration never overwrites a
 * store made meanwhile) and the history check: session semantics within the
 * callback bound while connected, Coda's disconnected rules, and the
 * reintegration accounting (spec/coda).
 *
 * No refinement: a disconnected close completes before its update reaches
 * the server, so a reintegration's commit is explained by no operation in
 * flight — which is what the refinement monitor requires. The accounting
 * check judges those commits instead.
 */
import { fileServiceModel } from '../../spec/afs/file-service.js';
import { checkDisconnectedSessions } from '../../spec/coda/disconnected.js';
import type { FileOp } from '../../spec/afs/session-check.js';
import type { Model } from '../../spec/model.js';
import { FileServer } from '../../impl/afs/server.js';
import { publicationsOf } from '../../impl/afs/coherence.js';
import { CodaClient } from '../../impl/coda/client.js';
import { accountOf, recordClosures, replayOnBase } from '../../impl/coda/accounting.js';
import { describeFileWorkload, fileWorkload } from '../workload/file-workload.js';
import { AFS_DRIFT, AFS_FAULTS, AFS_NETWORK, AFS_WORKLOAD, afsDelta, afsOptions, mutant, properties } from './afs.js';
import type { CustomHistoryCheck, Property, SubsystemDescriptor } from './descriptor.js';

const DELTA = afsDelta('callbacks');

/** The Coda client's options. */
export function codaOptions(mutantName: string | undefined): ConstructorParameters<typeof CodaClient>[1] {
  return { ...afsOptions('callbacks', mutantName), disconnectUs: 60_000, probeUs: 50_000 };
}

const claim: CustomHistoryCheck = {
  name: 'session-semantics',
  description: `Coda: AFS session semantics within Δ = ${DELTA / 1000} ms while connected; while disconnected, opens of cached files may be stale or return the client's own logged content, and every logged update is reintegrated, reported in a closure, or still logged at the end`,
  check(h) {
    const ops: FileOp[] = h.records.map((r) => ({
      id: r.requestId, session: r.client, process: r.process, f: r.f, key: r.key, input: r.input, output: r.output, status: r.status,
      invokeTime: r.invokeTime, ...(r.completeTime === undefined ? {} : { completeTime: r.completeTime }),
    }));
    return checkDisconnectedSessions(ops, publicationsOf(h.view), DELTA, accountOf(h.view));
  },
};

const CODA_PROPERTIES: Property[] = [
  ...properties('callbacks', DELTA).filter((p) => p.kind === 'always' || ['partitioned', 'server-crashed'].includes(p.name)),
  { kind: 'always', name: 'closure-log', description: 'the run records each closure a client reported', check: (view) => recordClosures(view) },
  { kind: 'always', name: 'replay-on-base', description: 'a reintegrated record commits only on the version it was based on (a store made meanwhile is a conflict, never overwritten)', check: (view) => replayOnBase(view) },
  { kind: 'sometimes', name: 'disconnected-open', description: 'a disconnected client served an open from its cache', observation: 'disconnected-open' },
  { kind: 'sometimes', name: 'reintegrated', description: 'a client reintegrated its log', observation: 'reintegrated' },
  { kind: 'sometimes', name: 'reintegration-conflict', description: 'a reintegration met a conflict, aborted, and kept the log as a closure', observation: 'reintegration-conflict' },
  { kind: 'sometimes', name: 'log-record-cancelled', description: 'a store while disconnected cancelled an earlier record of the same file', observation: 'cml-cancelled' },
];

/** The Coda descriptor. */
export const coda: SubsystemDescriptor = {
  name: 'coda',
  description: 'Coda disconnected operation on the AFS server: hoarded files served while disconnected, a client modification log with cancellation, all-or-nothing reintegration with conflicts kept as closures',
  model: fileServiceModel as Model,
  cluster: { servers: 1, clients: AFS_WORKLOAD.clients },
  network: AFS_NETWORK,
  clock: { maxDrift: AFS_DRIFT },
  server: (_id, opts) => new FileServer(afsOptions('callbacks', opts.mutant)),
  client: (_id, opts) => new CodaClient(opts.servers[0] ?? 'n1', codaOptions(opts.mutant)),
  mutants: [
    mutant('reintegrate-no-conflict-check', 'a partition that cuts a client off while it stores a file another client stores too (three files, four clients): its reintegration after the heal commits over the other store (replay-on-base at that step; the history check sees the version skip)', ['replay-on-base', 'session-semantics']),
  ],
  claims: claim,
  workload: () => fileWorkload(AFS_WORKLOAD),
  workloadDescription: describeFileWorkload(AFS_WORKLOAD),
  faults: AFS_FAULTS,
  properties: CODA_PROPERTIES,
  role: (view, role) => {
    if (role === 'server') return view.isUp(view.servers[0] ?? 'n1') ? view.servers[0] : undefined;
    return view.clients.find((c) => {
      const cm = view.client(c);
      return cm instanceof CodaClient && cm.cache !== undefined && Object.keys(cm.cache).length > 0;
    });
  },
  roles: ['server', 'holder'],
  nemesis: { windowUs: 2_000_000, maxFaults: 6 },
  bounds: { timeUs: 12_000_000, maxSteps: 300_000, checkSteps: 1_000_000, liveBoundUs: 4_000_000 },
};
