/**
 * Partition shapes as connectivity (after Jepsen's nemesis/combined
 * partitioners): each shape turns an ordering of nodes into the directed links
 * that drop every message. Pure functions of their arguments.
 */
import type { NodeId } from '../../impl/actor.js';
import type { Partition } from '../sim/types.js';

type Link = readonly [NodeId, NodeId];

function cut(a: readonly NodeId[], b: readonly NodeId[]): Link[] {
  const out: Link[] = [];
  for (const x of a) for (const y of b) if (x !== y) out.push([x, y], [y, x]);
  return out;
}

/** Two halves of `order` (the first ⌊n/2⌋ nodes against the rest); no link crosses. */
export function halves(order: readonly NodeId[]): Partition {
  const k = Math.floor(order.length / 2);
  const a = order.slice(0, k);
  const b = order.slice(k);
  return { shape: 'partition-halves', blocked: cut(a, b), groups: [a, b] };
}

/** `node` cut off from every other node in `all`. */
export function isolate(node: NodeId, all: readonly NodeId[], shape = 'isolate-one'): Partition {
  const rest = all.filter((n) => n !== node);
  return { shape, blocked: cut([node], rest), groups: [[node], rest] };
}

/** `order[0]` bridges two halves of the remaining servers, which cannot talk to each other. */
export function bridge(order: readonly NodeId[]): Partition {
  const [b, ...rest] = order;
  const k = Math.ceil(rest.length / 2);
  const left = rest.slice(0, k);
  const right = rest.slice(k);
  const groups = b === undefined ? [left, right] : [[...left, b], [b, ...right]];
  return { shape: 'bridge', blocked: cut(left, right), groups };
}

/**
 * Each server sees a different majority (Jepsen's majorities-ring). With
 * n ≥ 5, in ring `order` a node keeps its links to the nodes within ring
 * distance ⌈⌊n/2⌋/2⌉, so it sees a majority counting itself. For n ≤ 4 that
 * would keep every link, so there the ring is directed: a node hears only its
 * ⌊n/2⌋ predecessors — again a majority counting itself, a different one each.
 */
export function majoritiesRing(order: readonly NodeId[]): Partition {
  const n = order.length;
  const reach = Math.floor(n / 2);
  const blocked: Link[] = [];
  const d = Math.ceil(reach / 2);
  for (let f = 0; f < n; f++) {
    for (let t = 0; t < n; t++) {
      if (f === t) continue;
      const back = (t - f + n) % n; // how many steps f is behind t
      const keep = n <= 4 ? back <= reach : Math.min(back, n - back) <= d;
      if (!keep) blocked.push([order[f]!, order[t]!]);
    }
  }
  return { shape: 'majorities-ring', blocked };
}

/** Asymmetric: nothing `node` sends reaches the others; it still hears them. */
export function oneWay(node: NodeId, all: readonly NodeId[]): Partition {
  const blocked: Link[] = all.filter((n) => n !== node).map((n) => [node, n] as const);
  return { shape: 'one-way', blocked, groups: [[node], all.filter((n) => n !== node)] };
}

/**
 * `out` cut off from every server; `hub` the only link between the two halves of the remaining
 * servers (in `servers` order). Clients are not cut off.
 */
export function bridgeAround(hub: NodeId, out: NodeId, servers: readonly NodeId[], shape = 'bridge-around'): Partition {
  const rest = servers.filter((n) => n !== hub && n !== out);
  const k = Math.ceil(rest.length / 2);
  const left = rest.slice(0, k);
  const right = rest.slice(k);
  const others = servers.filter((n) => n !== out);
  return { shape, blocked: [...cut([out], others), ...cut(left, right)], groups: [[out], [...left, hub], [hub, ...right]] };
}
