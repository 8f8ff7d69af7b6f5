// Maelstrom `broadcast`, correct under partitions: every 100 ms each node
// sends every peer the messages that peer has not acknowledged yet; a peer
// merges and acknowledges what it got. A message lost to a partition is
// simply sent again after the partition heals. An optional argument sets the
// gossip interval in ms (default 100): the bench runs it at 1 ms to load the
// driver with inter-node messages.
import { Node } from './node.mjs';

const intervalMs = Number(process.argv[2] ?? 100);

const node = new Node();
const seen = new Set();
const ackedBy = new Map(); // peer -> Set of messages it confirmed

node.on('topology', (msg) => node.reply(msg, { type: 'topology_ok' }));
node.on('broadcast', (msg) => {
  seen.add(msg.body.message);
  node.reply(msg, { type: 'broadcast_ok' });
});
node.on('read', (msg) => node.reply(msg, { type: 'read_ok', messages: [...seen] }));
node.on('gossip', (msg) => {
  for (const m of msg.body.messages) seen.add(m);
  node.send(msg.src, { type: 'gossip_ok', messages: msg.body.messages });
});
node.on('gossip_ok', (msg) => {
  const acked = ackedBy.get(msg.src) ?? new Set();
  for (const m of msg.body.messages) acked.add(m);
  ackedBy.set(msg.src, acked);
});

node.run(() => {
  setInterval(() => {
    for (const peer of node.nodeIds) {
      if (peer === node.id) continue;
      const acked = ackedBy.get(peer) ?? new Set();
      const missing = [...seen].filter((m) => !acked.has(m));
      if (missing.length > 0) node.send(peer, { type: 'gossip', messages: missing });
    }
  }, intervalMs);
});
