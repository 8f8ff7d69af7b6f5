// Maelstrom `broadcast`, BUGGY: forwards each new message to its neighbours
// once and never again. Fine on a perfect network; a message sent across a
// partition is lost for good, and the final reads show it.
import { Node } from './node.mjs';

const node = new Node();
const seen = new Set();
let neighbours = [];

node.on('topology', (msg) => {
  neighbours = msg.body.topology[node.id] ?? [];
  node.reply(msg, { type: 'topology_ok' });
});
function accept(m, from) {
  if (seen.has(m)) return;
  seen.add(m);
  for (const peer of neighbours) if (peer !== from) node.send(peer, { type: 'forward', message: m });
}
node.on('broadcast', (msg) => {
  accept(msg.body.message, undefined);
  node.reply(msg, { type: 'broadcast_ok' });
});
node.on('forward', (msg) => accept(msg.body.message, msg.src));
node.on('read', (msg) => node.reply(msg, { type: 'read_ok', messages: [...seen] }));
node.run();
