/**
 * The catalogue of nemesis fault kinds (after Jepsen's nemesis package): the
 * names descriptors list in `faults`, with the one-line descriptions that
 * `quorate list` prints. A schedule is built only from kinds named here.
 */

/** The name of a fault kind. */
export type FaultKind =
  | 'partition-halves'
  | 'isolate-one'
  | 'isolate-role'
  | 'bridge'
  | 'majorities-ring'
  | 'one-way'
  | 'crash-restart'
  | 'kill-disk-loss'
  | 'crash-client'
  | 'crash-minority'
  | 'crash-majority'
  | 'clock-drift'
  | 'clock-jump'
  | 'loss-burst'
  | 'dup-burst';

/** Every fault kind with what it does, in a fixed order. */
export const FAULT_KINDS: readonly { readonly kind: FaultKind; readonly description: string }[] = [
  { kind: 'partition-halves', description: 'split all nodes (servers and clients) into two halves that cannot talk' },
  { kind: 'isolate-one', description: 'cut one server off from every other node' },
  { kind: 'isolate-role', description: 'cut off the node holding a role (e.g. the current primary), resolved when the fault fires' },
  { kind: 'bridge', description: 'split the servers into two halves joined only through one bridge server' },
  { kind: 'majorities-ring', description: 'every server sees a different majority of servers (ring order)' },
  { kind: 'one-way', description: 'asymmetric: one server hears everyone but nobody hears it' },
  { kind: 'crash-restart', description: 'crash a server (volatile state lost); a later restart event or the final heal restarts it' },
  { kind: 'kill-disk-loss', description: 'crash a server and wipe its durable storage' },
  { kind: 'crash-client', description: "crash a client (volatile state lost, its disk kept; its open request ends info, and it starts a new session); a later restart event or the final heal restarts it" },
  { kind: 'crash-minority', description: 'crash 1..f servers at once and hold that configuration until the final heal (later partitions, bursts, crashes and restarts skipped; the network healed): writes must keep committing' },
  { kind: 'crash-majority', description: 'crash f+1 servers at once, restarting them a while later: no write may commit meanwhile' },
  { kind: 'clock-drift', description: "set a node's monotonic clock rate error, up to ±clock.maxDrift" },
  { kind: 'clock-jump', description: "jump a node's wall clock forwards or backwards" },
  { kind: 'loss-burst', description: 'raise the message loss probability for a while' },
  { kind: 'dup-burst', description: 'raise the message duplication probability for a while' },
];

/** Whether `name` is a known fault kind. */
export function isFaultKind(name: string): name is FaultKind {
  return FAULT_KINDS.some((k) => k.kind === name);
}
