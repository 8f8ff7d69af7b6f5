/**
 * The ideal system derived from the kv spec: one server in front of a single
 * atomic copy of the model state (impl/ideal). Clients retry under the same
 * request id and the object deduplicates, so every client-visible check must
 * pass under every fault kind: a failure here is a bug in the harness (a
 * false positive), not in an implementation. Its one mutant, `no-dedup`, is
 * the harness's control experiment: a planted bug it must catch.
 */
import { kvModel, type KvState } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { AtomicObject, respondKv } from '../../impl/ideal/atomic-object.js';
import { IdealServer } from '../../impl/ideal/server.js';
import { IdealClient } from '../../impl/ideal/client.js';
import type { ClientRequest } from '../../impl/actor.js';
import { FAULT_KINDS } from '../nemesis/fault-kinds.js';
import { describeKvWorkload, kvWorkload, type KvWorkloadOptions } from '../workload/kv-workload.js';
import type { BuildOptions, SubsystemDescriptor } from './descriptor.js';

const WORKLOAD: KvWorkloadOptions = { clients: 3, keys: ['x', 'y'], minOps: 1, maxOps: 14, maxThinkUs: 400_000 };
const SHARED_KEY = 'ideal:object';

/** The atomic object of this run (shared across the server's incarnations). */
function objectFor(opts: BuildOptions): AtomicObject<KvState> {
  const make = (): AtomicObject<KvState> => {
    const obj = new AtomicObject<KvState>(kvModel, respondKv);
    if (opts.mutant !== 'no-dedup') return obj;
    // The mutant forgets request ids: a retried or duplicated request applies again.
    let n = 0;
    const apply = obj.apply.bind(obj);
    obj.apply = (req: ClientRequest) => apply({ ...req, id: `${req.id}#${n++}` });
    return obj;
  };
  if (opts.shared === undefined) return make();
  let obj = opts.shared.get(SHARED_KEY) as AtomicObject<KvState> | undefined;
  if (obj === undefined) opts.shared.set(SHARED_KEY, (obj = make()));
  return obj;
}

/** The ideal kv system's descriptor. */
export const ideal: SubsystemDescriptor = {
  name: 'ideal',
  description: 'one atomic copy of the kv spec behind one server: must pass everything (guards against harness false positives)',
  model: kvModel as Model,
  cluster: { servers: 1, clients: WORKLOAD.clients },
  network: { minLatencyUs: 1_000, meanExtraLatencyUs: 2_000, loss: 0.01, duplicate: 0.01 },
  clock: { maxDrift: 0.02 },
  server: (_id, opts) => new IdealServer(objectFor(opts)),
  client: (_id, opts) => new IdealClient(opts.servers[0] ?? 'n1', { retryUs: 50_000, giveUpUs: 1_000_000 }),
  mutants: [
    {
      name: 'no-dedup',
      description: 'the server forgets request ids, so a retried or duplicated request takes effect twice',
      reach: "the network's base 1 % loss and duplication suffice (partitions and crashes add retries): a lost reply or a duplicated request applies an append twice; refinement sees the second application, a change with no operation in flight, before a read shows it (linearizability)",
      caughtBy: ['refinement', 'linearizability'],
    },
  ],
  workload: () => kvWorkload(WORKLOAD),
  workloadDescription: describeKvWorkload(WORKLOAD),
  faults: FAULT_KINDS.map((k) => k.kind),
  properties: [
    { kind: 'sometimes', name: 'retried', description: 'a client retried a request (lost message, partition or crash)', observation: 'retry' },
    { kind: 'sometimes', name: 'gave-up', description: 'a client gave up on a request (an indeterminate operation)', observation: 'gave-up' },
    { kind: 'sometimes', name: 'server-crashed', description: 'the server crashed and restarted', observation: 'crash' },
  ],
  abstraction: (view) => (view.server(view.servers[0] ?? 'n1') as IdealServer<KvState> | undefined)?.object.state,
  role: (view, role) => (role === 'primary' && view.isUp(view.servers[0] ?? 'n1') ? view.servers[0] : undefined),
  roles: ['primary'],
  nemesis: { windowUs: 1_200_000, maxFaults: 6 },
  // The control for the availability checks: one server tolerates no fault; while it is up and the network
  // whole a write commits within the liveness bound, and while it is down none may be acknowledged.
  availability: { faultsTolerated: 0, boundUs: 1_500_000, writes: ['put', 'append'] },
  bounds: { timeUs: 8_000_000, maxSteps: 200_000, checkSteps: 2_000_000, liveBoundUs: 1_500_000 },
};
