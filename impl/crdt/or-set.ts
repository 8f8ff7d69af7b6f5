/**
 * The observed-remove set as a state-based CRDT (Shapiro et al., SSS 2011;
 * INRIA report RR-7506, Specification 15): every add creates a unique tag
 * (its replica and that replica's update counter); a remove tombstones the
 * tags of the element it observes, as an update of its own; an element is in
 * the set while some tag of it is not tombstoned (a concurrent add wins). The
 * state is the set of updates — adds and removes — and merge is their union,
 * so it is commutative, associative and idempotent: replicas that received
 * the same updates hold the same state. A replica's version vector (the
 * highest counter merged from each replica) names the updates it holds,
 * since a full-state merge always brings an origin's updates as a prefix.
 */

/** A replica's state. */
export interface OrSetState {
  /** Add tag → element. */
  readonly adds: Record<string, string>;
  /** Remove id → the add tags it tombstoned. */
  readonly removes: Record<string, string[]>;
  /** Replica → highest update counter of it held. */
  readonly vv: Record<string, number>;
}

/** The empty set. */
export const emptyOrSet = (): OrSetState => ({ adds: {}, removes: {}, vv: {} });

/** The elements present, sorted. */
export function elements(s: OrSetState): string[] {
  const dead = new Set(Object.values(s.removes).flat());
  return [...new Set(Object.entries(s.adds).filter(([tag]) => !dead.has(tag)).map(([, e]) => e))].sort();
}

/** Add `e` at `replica` (its next update). */
export function add(s: OrSetState, replica: string, e: string): OrSetState {
  const n = (s.vv[replica] ?? 0) + 1;
  return { adds: { ...s.adds, [`${replica}:${n}`]: e }, removes: s.removes, vv: { ...s.vv, [replica]: n } };
}

/** Remove `e` at `replica`: tombstone the tags of `e` observed here. */
export function remove(s: OrSetState, replica: string, e: string): OrSetState {
  const n = (s.vv[replica] ?? 0) + 1;
  const tags = Object.entries(s.adds).filter(([, x]) => x === e).map(([tag]) => tag).sort();
  return { adds: s.adds, removes: { ...s.removes, [`${replica}:${n}`]: tags }, vv: { ...s.vv, [replica]: n } };
}

/**
 * The union of two states. With `dropConcurrentAdds` (the `merge-drops-concurrent-add` mutant) an
 * incoming add of an element the local state already has a tag for is skipped, though the version
 * vector still claims it.
 */
export function merge(local: OrSetState, remote: OrSetState, dropConcurrentAdds = false): OrSetState {
  const adds = { ...local.adds };
  const present = new Set(Object.values(local.adds));
  for (const [tag, e] of Object.entries(remote.adds)) {
    if (tag in adds) continue;
    if (dropConcurrentAdds && present.has(e)) continue;
    adds[tag] = e;
  }
  const vv = { ...local.vv };
  for (const [r, n] of Object.entries(remote.vv)) vv[r] = Math.max(vv[r] ?? 0, n);
  return { adds, removes: { ...remote.removes, ...local.removes }, vv };
}

/** Whether two states hold the same updates (the same add tags and remove ids). */
export function sameUpdates(a: OrSetState, b: OrSetState): boolean {
  const keys = (o: Record<string, unknown>): string => Object.keys(o).sort().join(',');
  return keys(a.adds) === keys(b.adds) && keys(a.removes) === keys(b.removes);
}

/** Whether two version vectors are equal. */
export function sameVersion(a: OrSetState, b: OrSetState): boolean {
  const rs = new Set([...Object.keys(a.vv), ...Object.keys(b.vv)]);
  return [...rs].every((r) => (a.vv[r] ?? 0) === (b.vv[r] ?? 0));
}
