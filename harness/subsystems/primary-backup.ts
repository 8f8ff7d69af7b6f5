/**
 * The primary-backup replicated KV store (impl/primary-backup): three
 * servers, view-based primary (servers[view mod n]) with a majority view
 * change that merges the logs of a majority, majority-acknowledged writes,
 * majority-confirmed reads, and client sessions that deduplicate retries.
 * Its durable storage is assumed stable, so 'kill-disk-loss' is not among
 * its faults: a node that lost its disk would rejoin view changes with an
 * empty log and could help elect a primary that lacks acknowledged writes
 * (VR's recovery protocol, which this store does not implement, handles that).
 * The impl's fifth mutant, `local-primary-read`, is not listed: the default
 * schedules reach it in under 1 % of seeds (it needs the old primary cut off
 * from the servers but not from clients); impl/primary-backup tests it by hand.
 */
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { pbOptions } from '../../impl/primary-backup/options.js';
import { PbServer } from '../../impl/primary-backup/server.js';
import { PbClient } from '../../impl/primary-backup/client.js';
import { abstractKv, liveSnapshots, pbRole } from '../../impl/primary-backup/abstraction.js';
import { pbInvariants } from '../../impl/primary-backup/invariants.js';
import { replicaStateCheck } from '../../impl/primary-backup/replica-state.js';
import type { FaultKind } from '../nemesis/fault-kinds.js';
import { describeKvWorkload, kvWorkload, type KvWorkloadOptions } from '../workload/kv-workload.js';
import type { AlwaysProperty, SubsystemDescriptor } from './descriptor.js';

const WORKLOAD: KvWorkloadOptions = { clients: 4, keys: ['x', 'y', 'z'], minOps: 10, maxOps: 30, maxThinkUs: 3_000 };

const FAULTS: readonly FaultKind[] = [
  'partition-halves', 'isolate-one', 'isolate-role', 'bridge', 'majorities-ring', 'one-way',
  'crash-restart', 'clock-drift', 'clock-jump', 'loss-burst', 'dup-burst',
];

const invariant = (name: string, description: string, pred: (typeof pbInvariants)[keyof typeof pbInvariants]): AlwaysProperty => ({
  kind: 'always', name, description, check: (view) => pred(liveSnapshots(view)),
});

/** The primary-backup store's descriptor. */
export const primaryBackup: SubsystemDescriptor = {
  name: 'primary-backup',
  description: 'view-based primary-backup KV (VR-style): majority-acked writes, majority view change merging logs, confirmed reads',
  model: kvModel as Model,
  cluster: { servers: 3, clients: WORKLOAD.clients },
  network: { minLatencyUs: 500, meanExtraLatencyUs: 1_500, loss: 0.01, duplicate: 0.01 },
  clock: { maxDrift: 0.02 },
  server: (_id, opts) => new PbServer(pbOptions(opts.mutant)),
  client: (_id, opts) => new PbClient(pbOptions(opts.mutant)),
  mutants: [
    {
      name: 'stale-backup-read',
      description: 'clients spread reads over all servers and a backup answers from its own, possibly stale, applied state',
      reach: 'no fault is needed: a write is acknowledged before the backups learn its commit point (the next heartbeat), so a read a client sends to a backup just after another write was acknowledged misses it (linearizability; a read changes no state, so refinement cannot see it). A partition that cuts a backup off widens the window',
      caughtBy: ['linearizability'],
    },
    {
      name: 'failover-without-sync',
      description: 'the primary of a new view starts serving with its own log instead of merging the logs of a majority',
      reach: 'needs a view change: a backup that lagged (cut off by isolate-one or a bridge, or behind after message loss) becomes the next view\'s primary when the old one is cut off or crashes, and installs its shorter log; primary-holds-committed fails as it is installed, before any client reads the lost write (committed-prefix-agreement, replica-state, refinement and linearizability see it later)',
      caughtBy: ['primary-holds-committed', 'committed-prefix-agreement', 'replica-state', 'refinement', 'linearizability'],
    },
    {
      name: 'early-ack',
      description: 'the primary acknowledges a write as soon as it is in its own log, before a majority holds it',
      reach: 'every seed, faults or not: a write is acknowledged before it is committed, so the abstract state (the committed log, applied) takes it in only after its client got the ok; refinement finds a change that no operation in flight explains, since that write has already completed. A failover that loses the acknowledged write (the primary cut off or crashed right after the ack) also shows in linearizability',
      caughtBy: ['refinement', 'linearizability'],
    },
    {
      name: 'no-dedup',
      description: 'servers ignore client session sequence numbers, so a retried or duplicated write is sequenced and executed again',
      reach: "the network's base 1 % loss and duplication suffice (loss and dup bursts and failovers add retries): a retried or duplicated append is executed twice; refinement sees the second execution, a change with no operation in flight, usually before a read shows it (linearizability)",
      caughtBy: ['refinement', 'linearizability'],
    },
  ],
  workload: () => kvWorkload(WORKLOAD),
  workloadDescription: describeKvWorkload(WORKLOAD),
  faults: FAULTS,
  properties: [
    invariant('single-primary-per-view', 'no two live nodes act as installed primary of the same view', pbInvariants.singlePrimaryPerView),
    invariant('committed-prefix-agreement', 'the logs of any two nodes agree on the prefix both know committed', pbInvariants.committedPrefixAgreement),
    invariant('primary-holds-committed', 'the primary of the highest installed view holds every entry committed in that view or earlier', pbInvariants.primaryHoldsCommitted),
    invariant('backup-log-is-prefix', "a backup installed in the primary's view holds a prefix of the primary's log", pbInvariants.backupLogIsPrefix),
    {
      kind: 'always', name: 'replica-state', check: (view, node) => replicaStateCheck(view, node),
      description: 'every server that has applied k log entries holds the state (data and sessions, as a digest) first reached after k; refinement checks that state against the spec',
    },
    { kind: 'sometimes', name: 'failover', description: 'a view change installed a new primary', observation: 'failover' },
    { kind: 'sometimes', name: 'retried', description: 'a client retried a request', observation: 'retry' },
    { kind: 'sometimes', name: 'redirected', description: 'a server redirected a client to the primary', observation: 'redirect' },
    { kind: 'sometimes', name: 'partitioned', description: 'the network was partitioned', observation: 'partition' },
    { kind: 'sometimes', name: 'crashed', description: 'a server crashed', observation: 'crash' },
  ],
  abstraction: (view) => abstractKv(view),
  role: (view, role) => pbRole(view, role),
  roles: ['primary'],
  // Faults fall in the first 120 ms of a workload that lasts about 200 ms, so
  // most seeds also run operations after the final heal (the `eventually` check).
  nemesis: { windowUs: 120_000, maxFaults: 6 },
  bounds: { timeUs: 1_500_000, maxSteps: 200_000, checkSteps: 2_000_000, liveBoundUs: 500_000 },
};
