// Maelstrom `pn-counter` (and `g-counter`), correct under partitions and
// duplication: a state-based PN-counter CRDT. Each node counts its own
// increments and decrements; every 100 ms it sends every peer both maps,
// and a peer keeps the larger count per node. Merging is idempotent, so a
// duplicated or resent gossip changes nothing.
import { Node } from './node.mjs';

const node = new Node();
const inc = {};
const dec = {};
const sum = (m) => Object.values(m).reduce((a, b) => a + b, 0);
const merge = (into, from) => {
  for (const [n, v] of Object.entries(from)) into[n] = Math.max(into[n] ?? 0, v);
};

node.on('add', (msg) => {
  const d = msg.body.delta;
  const side = d >= 0 ? inc : dec;
  side[node.id] = (side[node.id] ?? 0) + Math.abs(d);
  node.reply(msg, { type: 'add_ok' });
});
node.on('read', (msg) => node.reply(msg, { type: 'read_ok', value: sum(inc) - sum(dec) }));
node.on('replicate', (msg) => {
  merge(inc, msg.body.inc);
  merge(dec, msg.body.dec);
});

node.run(() => {
  setInterval(() => {
    for (const peer of node.nodeIds) if (peer !== node.id) node.send(peer, { type: 'replicate', inc, dec });
  }, 100);
});
