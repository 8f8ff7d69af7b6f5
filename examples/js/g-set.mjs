// Maelstrom `g-set`, correct under partitions: a state-based grow-only set.
// Every 100 ms each node sends every peer its whole set; a peer takes the
// union. A gossip lost to a partition is simply superseded by the next one.
import { Node } from './node.mjs';

const node = new Node();
const set = new Set();

node.on('add', (msg) => {
  set.add(msg.body.element);
  node.reply(msg, { type: 'add_ok' });
});
node.on('read', (msg) => node.reply(msg, { type: 'read_ok', value: [...set] }));
node.on('replicate', (msg) => {
  for (const e of msg.body.value) set.add(e);
});

node.run(() => {
  setInterval(() => {
    for (const peer of node.nodeIds) if (peer !== node.id) node.send(peer, { type: 'replicate', value: [...set] });
  }, 100);
});
