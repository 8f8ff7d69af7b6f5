/**
 * The neighbour maps Maelstrom's broadcast workload offers nodes in its
 * `topology` message (workload/broadcast.clj): `grid` (the default: a
 * roughly square grid, at most four neighbours), `line`, `total`, and
 * `tree`/`tree2`/`tree3`/`tree4` (nodes in order as a b-ary tree, each
 * node's neighbours its parent then its children).
 */

/** The topology names Maelstrom accepts. */
export const TOPOLOGIES = ['grid', 'line', 'total', 'tree', 'tree2', 'tree3', 'tree4'] as const;

/** A topology name. */
export type TopologyName = (typeof TOPOLOGIES)[number];

/** Whether `name` is a topology Maelstrom knows. */
export function isTopology(name: string): name is TopologyName {
  return (TOPOLOGIES as readonly string[]).includes(name);
}

/** The neighbour map of `name` over `nodes` (in their order). */
export function topology(name: TopologyName, nodes: readonly string[]): Record<string, string[]> {
  switch (name) {
    case 'grid':
      return grid(nodes);
    case 'line':
      return line(nodes);
    case 'total':
      return Object.fromEntries(nodes.map((n) => [n, nodes.filter((m) => m !== n)]));
    case 'tree':
    case 'tree2':
      return tree(2, nodes);
    case 'tree3':
      return tree(3, nodes);
    case 'tree4':
      return tree(4, nodes);
  }
}

function grid(nodes: readonly string[]): Record<string, string[]> {
  const n = nodes.length;
  const side = Math.ceil(Math.sqrt(n));
  const at = (i: number, j: number): string | undefined => (i >= 0 && j >= 0 && j < side && i * side + j < n ? nodes[i * side + j] : undefined);
  const out: Record<string, string[]> = {};
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const me = at(i, j);
      if (me === undefined) continue;
      out[me] = [at(i + 1, j), at(i - 1, j), at(i, j + 1), at(i, j - 1)].filter((x): x is string => x !== undefined);
    }
  }
  return out;
}

function line(nodes: readonly string[]): Record<string, string[]> {
  const n = nodes.length;
  if (n < 2) return {};
  return Object.fromEntries(nodes.map((me, i) => [me, [nodes[i - 1], nodes[i + 1]].filter((x): x is string => x !== undefined)]));
}

/** Breadth-first b-ary tree: node i's parent is ⌊(i−1)/b⌋, its children b·i+1..b·i+b. */
function tree(b: number, nodes: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(
    nodes.map((me, i) => {
      const parent = i === 0 ? [] : [nodes[Math.floor((i - 1) / b)] as string];
      const children = nodes.slice(b * i + 1, b * i + 1 + b);
      return [me, [...parent, ...children]];
    }),
  );
}
