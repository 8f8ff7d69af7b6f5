/**
 * Replica state agreement for a replicated state machine: every replica that
 * has applied the first k entries of the agreed order holds the same state,
 * the one first reached after k (states as digests, spec/state-digest.ts).
 * Refinement looks at the most advanced replica only; this holds every other
 * replica to what that one reached, so a replica that applies an entry
 * wrongly fails the step it does so, even if it never leads.
 *
 * GHOST STATE: `ReplicaStates` maps each applied index to the digest first
 * reported there and the replica that reported it. It is updated in place
 * (one per run), and only ever grows.
 */

/** A replica's name. */
export type ReplicaName = string;

/** GHOST: the state first reached after each applied index (see the file comment). */
export type ReplicaStates = Map<number, { readonly digest: number; readonly by: ReplicaName }>;

/** The empty history. */
export const initReplicaStates = (): ReplicaStates => new Map();

/** Checks that replica `id`, having applied the first `index` entries, holds the state first reached there; then records it if it is the first. */
export function checkReplicaState(g: ReplicaStates, id: ReplicaName, index: number, digest: number): string | undefined {
  const first = g.get(index);
  if (first === undefined) {
    g.set(index, { digest, by: id });
    return undefined;
  }
  return first.digest === digest ? undefined : `${id}'s state after applying ${index} entries has digest ${digest}, but ${first.by} reached digest ${first.digest} there`;
}
