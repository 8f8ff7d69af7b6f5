/**
 * The refinement mapping of the primary-backup store and its role resolver.
 * The abstract KV state is the committed log prefix applied in order: the
 * applied state of the live server that knows the longest committed prefix
 * (committed prefixes agree, invariant `committed-prefix-agreement`, so the
 * longest one extends all others). A step changes it only when a primary
 * learns that more entries are held by a majority — each such entry is a
 * write still in flight (its client is answered only afterwards) or one whose
 * client gave up (`info`). A duplicate of an already executed write changes
 * nothing (session deduplication).
 *
 * A crashed node is invisible to a WorldView, and the commit point is
 * volatile, so when the only node that knew the latest commit point crashes,
 * the live nodes know less than what is committed. The mapping therefore
 * keeps a history variable (Abadi & Lamport allow them in refinement
 * mappings): the longest committed prefix seen so far in this world and its
 * state, replaced only by a longer one. In a correct run a longer committed
 * prefix extends the shorter; in a broken one the state jumps to something no
 * in-flight operation explains. One acknowledgement may commit a short batch
 * of pipelined entries at once (one per concurrent client at most). The
 * other servers are not mapped: each reports the digest of its state after
 * every entry it applies, and `replica-state` (replica-state.ts) holds it to
 * the state first reached after that many entries.
 */
import type { Actor, NodeId } from '../actor.js';
import type { KvState } from '../../spec/kv.js';
import { PbServer, type PbSnapshot } from './server.js';

/** The part of the harness's WorldView this module reads (impl/ does not import harness/). */
export interface ServersView {
  readonly servers: readonly NodeId[];
  /** Steps taken so far (snapshots are cached per step when present). */
  readonly steps?: number;
  /** The live actor of a server, undefined while crashed. */
  server(id: NodeId): Actor | undefined;
}

interface Live {
  readonly server: PbServer;
  readonly snap: PbSnapshot;
}

const cache = new WeakMap<object, { readonly steps: number; readonly live: Live[] }>();

function live(view: ServersView, cached = true): Live[] {
  const c = cache.get(view);
  if (cached && c !== undefined && view.steps !== undefined && c.steps === view.steps) return c.live;
  const out: Live[] = [];
  for (const id of view.servers) {
    const a = view.server(id);
    const snap = a instanceof PbServer ? a.inspect() : undefined;
    if (snap !== undefined) out.push({ server: a as PbServer, snap });
  }
  if (cached && view.steps !== undefined) cache.set(view, { steps: view.steps, live: out });
  return out;
}

/** Snapshots of the live servers of a world. */
export function liveSnapshots(view: ServersView): readonly PbSnapshot[] {
  const c = snaps.get(view);
  if (c !== undefined && view.steps !== undefined && c.steps === view.steps) return c.snaps;
  const out = live(view).map((l) => l.snap);
  if (view.steps !== undefined) snaps.set(view, { steps: view.steps, snaps: out });
  return out;
}

const snaps = new WeakMap<object, { readonly steps: number; readonly snaps: readonly PbSnapshot[] }>();

/** History variable per world: the longest commit point seen and its state. */
const seen = new WeakMap<object, { readonly commit: number; readonly kv: KvState }>();

/** The abstraction function: the key-value state of the longest committed prefix known. */
export function abstractKv(view: ServersView): KvState {
  let best: Live | undefined;
  for (const l of live(view)) if (best === undefined || l.snap.commit > best.snap.commit) best = l;
  const prev = seen.get(view);
  if (best === undefined || (prev !== undefined && prev.commit >= best.snap.commit)) return prev?.kv ?? {};
  const next = { commit: best.snap.commit, kv: best.server.appliedKv() };
  seen.set(view, next);
  return next.kv;
}

/** Resolves `primary` to the active primary of the highest view among live servers (undefined when none). */
export function pbRole(view: ServersView, role: string): NodeId | undefined {
  if (role !== 'primary' && role !== 'leader') return undefined;
  // Uncached: faults fire between steps, possibly right after a crash.
  let best: PbSnapshot | undefined;
  for (const { snap } of live(view, false)) if (snap.activePrimary && (best === undefined || snap.view > best.view)) best = snap;
  return best?.id;
}
