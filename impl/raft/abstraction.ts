/**
 * The Raft KV's mappings to its specs: `raftView` exposes each live server's
 * term, vote, role, log, snapshot and commit index to spec/raft.ts (no
 * copying: the view's log is the server's own entry array), and `abstractKv`
 * is the refinement mapping to spec/kv.ts — the committed prefix applied in
 * order, i.e. the state machine of the live server that applied the most.
 * Commit points are volatile and a crash hides a server, so the mapping
 * keeps a history variable per world (as Abadi & Lamport allow): the most
 * advanced applied state seen so far, replaced only by a more advanced one.
 * In a correct run the later state extends the earlier by the writes just
 * committed, each still in flight or given up (`info`); a duplicate of an
 * executed write changes nothing (sessions). The other servers are not
 * mapped: each reports the digest of its state after every entry it applies
 * (`raftReports`), and state-machine-safety holds it to the state first
 * reached at that index — the one this mapping checked against the spec.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Actor, NodeId, StepObservation } from '../actor.js';
import type { KvState } from '../../spec/kv.js';
import type { RaftNodeView, RaftReport, RaftView } from '../../spec/raft.js';
import { RaftServer } from './server.js';

/** The part of the harness's WorldView this module reads (impl/ does not import harness/). */
export interface ServersView {
  readonly servers: readonly NodeId[];
  server(id: NodeId): Actor | undefined;
  /** The observations with a detail made in the step just run (the harness's `WorldView.stepObservations`). */
  readonly stepObservations?: readonly StepObservation[];
}

const NO_REPORTS: readonly RaftReport[] = [];

/** What server `id` reported of its state machine in the step just run: `applied` and `restored` observations (server.ts). */
export function raftReports(view: ServersView, id: NodeId): readonly RaftReport[] {
  const obs = view.stepObservations;
  if (obs === undefined || obs.length === 0) return NO_REPORTS;
  let out: RaftReport[] | undefined;
  for (const o of obs) {
    if (o.node !== id || (o.name !== 'applied' && o.name !== 'restored')) continue;
    const d = o.detail as { index: number; term: number; digest: number; command?: JsonValue };
    (out ??= []).push(o.name === 'applied' ? { kind: 'applied', index: d.index, term: d.term, command: d.command, digest: d.digest } : { kind: 'restored', index: d.index, term: d.term, digest: d.digest });
  }
  return out ?? NO_REPORTS;
}

/** The spec view of one Raft server. */
export function raftNodeView(id: NodeId, s: RaftServer): RaftNodeView {
  return {
    id,
    role: s.hard.member === 'learner' ? 'learner' : s.role === 'pre-candidate' ? 'follower' : s.role,
    term: s.hard.term,
    votedFor: s.hard.votedFor,
    log: s.log.entries,
    snapshotIndex: s.log.snapshot.index,
    snapshotTerm: s.log.snapshot.term,
    commitIndex: s.commitIndex,
  };
}

/**
 * The live Raft servers of a world as a spec/raft.ts view, with what a server reported in the step just
 * run. A node's view is built each time it is asked for (a few fields, the log not copied): the safety
 * monitor asks once per step.
 */
export function raftView(view: ServersView): RaftView {
  return {
    nodes: view.servers,
    node(id) {
      const a = view.server(id);
      return a instanceof RaftServer && a.log !== undefined ? raftNodeView(id, a) : undefined;
    },
    reports: (id) => raftReports(view, id),
  };
}

/** The history variable of one world: the most advanced applied state seen, its size in keys. */
interface Applied {
  applied: number;
  kv: KvState;
  keys: number;
}

const seen = new WeakMap<object, Applied>();

/** Whether the state machine's data is `a.kv`. */
const sameData = (data: ReadonlyMap<string, string>, a: Applied): boolean => {
  if (data.size !== a.keys) return false;
  for (const [k, v] of data) if (!Object.hasOwn(a.kv, k) || a.kv[k] !== v) return false;
  return true;
};

/**
 * The abstraction function: the KV state of the longest applied committed prefix known in this world.
 * When a server applies more (no-ops, duplicates) without changing the data, the state returned is the
 * very object returned before, so the refinement check sees "no change" without comparing.
 */
export function abstractKv(view: ServersView): KvState {
  let best: RaftServer | undefined;
  for (const id of view.servers) {
    const a = view.server(id);
    if (a instanceof RaftServer && a.log !== undefined && (best === undefined || a.lastApplied > best.lastApplied)) best = a;
  }
  const prev = seen.get(view);
  if (best === undefined || (prev !== undefined && prev.applied >= best.lastApplied)) return prev?.kv ?? {};
  if (prev !== undefined && sameData(best.sm.data, prev)) {
    prev.applied = best.lastApplied;
    return prev.kv;
  }
  const next = { applied: best.lastApplied, kv: Object.fromEntries(best.sm.data), keys: best.sm.data.size };
  seen.set(view, next);
  return next.kv;
}

/** Resolves `leader` to the live leader of the highest term (undefined when none). */
export function raftRole(view: ServersView, role: string): NodeId | undefined {
  if (role !== 'leader' && role !== 'primary') return undefined;
  let best: { id: NodeId; term: number } | undefined;
  for (const id of view.servers) {
    const a = view.server(id);
    if (a instanceof RaftServer && a.role === 'leader' && (best === undefined || a.hard.term > best.term)) best = { id, term: a.hard.term };
  }
  return best?.id;
}

/** Whether live server `id` counts toward no quorum: a learner (it lost its disk, or has not bootstrapped yet). */
export function raftOutOfQuorum(view: ServersView, id: NodeId): boolean {
  const a = view.server(id);
  return !(a instanceof RaftServer) || a.log === undefined || a.hard.member === 'learner';
}
