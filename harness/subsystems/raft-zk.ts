/**
 * The Raft KV with ZooKeeper-style reads (impl/raft/local-reads.ts): writes
 * go through the leader and the log as in `raft`, but every server answers a
 * read from its own applied state once it has applied the highest log index
 * the client has seen (ZooKeeper's zxid rule), and a client moves to another
 * server only when its own stops answering.
 *
 * Claim: `sequential`. Writes are totally ordered by log index; a session's
 * write gets an index above everything it saw, and its reads are served at
 * or above everything it saw, so placing each read right after the index it
 * was served at gives one legal order respecting every session. Not
 * `linearizable`, and it does not claim it: a follower that has not heard of
 * a commit yet answers with the older value after another client's write of
 * the key was acknowledged (the README shows such a history). Everything the
 * log promises is still checked: Raft's safety predicates, refinement of the
 * leader's state, availability within f faults.
 */
import { RaftServer } from '../../impl/raft/server.js';
import { RaftClient } from '../../impl/raft/client.js';
import { raftOptionsFor } from '../../impl/raft/options.js';
import type { KvWorkloadOptions } from '../workload/kv-workload.js';
import { describePutGetWorkload, putGetWorkload } from '../workload/put-get-workload.js';
import type { MutantInfo, SubsystemDescriptor } from './descriptor.js';
import { RAFT_CLIENT, RAFT_PROPERTIES, RAFT_TUNING, raftDescriptor } from './raft.js';

/**
 * Four clients, 12 operations each on two keys: puts and gets only, so every value is written once
 * (the causal models and session guarantees can judge the history too, with `--consistency all`).
 */
const WORKLOAD: KvWorkloadOptions = { clients: 4, keys: ['x', 'y'], minOps: 12, maxOps: 12, maxThinkUs: 1_800_000 };

const MUTANTS: readonly MutantInfo[] = [
  {
    name: 'client-moves-behind',
    description: 'a client keeps the log index it has seen only while it talks to one server: after moving it reads from a replica behind what it saw',
    reach: "no fault needed: a client writes at the leader, then reads at the follower it is attached to, which learns of the commit only with the leader's next append (up to a 100 ms heartbeat later); without the seen index the follower answers at once with the value before the client's own write, which no order of the sessions explains (sequential)",
    caughtBy: ['sequential'],
  },
];

const base = raftDescriptor({ servers: 5 });

/** The Raft KV with local, ZooKeeper-style reads, claiming sequential consistency. */
export const raftZk: SubsystemDescriptor = {
  ...base,
  name: 'raft-zk',
  description: 'Raft KV with ZooKeeper-style reads: writes through the leader, reads answered by the attached replica once it has applied what the client saw; claims sequential, not linearizable',
  claims: 'sequential',
  cluster: { servers: 5, clients: WORKLOAD.clients },
  server: (_id, opts) => new RaftServer(raftOptionsFor(opts.mutant, { ...RAFT_TUNING, localReads: true })),
  client: (_id, opts) => new RaftClient({ ...RAFT_CLIENT, localReads: true, forgetSeenOnMove: opts.mutant === 'client-moves-behind' }),
  mutants: MUTANTS,
  workload: () => putGetWorkload(WORKLOAD),
  workloadDescription: describePutGetWorkload(WORKLOAD),
  properties: [
    ...RAFT_PROPERTIES.filter((p) => p.name !== 'lease-read'),
    { kind: 'sometimes', name: 'local-read', description: 'a follower answered a read from its own state', observation: 'local-read' },
  ],
  refinement: { maxChain: 2 * WORKLOAD.clients },
};
