// A buggy `g-counter` / `pn-counter`: operation-based. A node applies an add
// and forwards the delta to every peer, resending every 200 ms until the peer
// acknowledges — but a peer applies every delta it receives, so a resent or
// duplicated forward counts twice. Correct on a calm, fast network; caught
// under duplication bursts or latency above the resend interval.
import { Node } from './node.mjs';

const node = new Node();
let value = 0;
let nextId = 0;
const pending = new Map(); // forward id -> { peer, delta }

node.on('add', (msg) => {
  value += msg.body.delta;
  for (const peer of node.nodeIds) if (peer !== node.id) pending.set(`${node.id}-${nextId++}`, { peer, delta: msg.body.delta });
  for (const [id, f] of pending) node.send(f.peer, { type: 'delta', id, delta: f.delta });
  node.reply(msg, { type: 'add_ok' });
});
node.on('read', (msg) => node.reply(msg, { type: 'read_ok', value }));
node.on('delta', (msg) => {
  value += msg.body.delta; // the bug: no memory of ids already applied
  node.send(msg.src, { type: 'delta_ok', id: msg.body.id });
});
node.on('delta_ok', (msg) => pending.delete(msg.body.id));

node.run(() => {
  setInterval(() => {
    for (const [id, f] of pending) node.send(f.peer, { type: 'delta', id, delta: f.delta });
  }, 200);
});
