// Maelstrom `g-counter` / `pn-counter` on the `seq-kv` service (Gossip
// Glomers' challenge 4): the count lives under one key. An add reads it and
// compare-and-sets it to the sum (creating it when missing), and tries again
// when another add got there first. seq-kv may serve a stale read, but never
// one older than this node's own last write: so a read first writes a key of
// its own, then reads the count as it is now.
import { Node } from './node.mjs';

const node = new Node();
const KEY = 'counter';
let syncs = 0;

function add(delta, done) {
  node.rpc('seq-kv', { type: 'read', key: KEY }, (r) => {
    const current = r.body.type === 'read_ok' ? r.body.value : 0;
    node.rpc('seq-kv', { type: 'cas', key: KEY, from: current, to: current + delta, create_if_not_exists: true }, (c) => {
      if (c.body.type === 'cas_ok') done();
      else add(delta, done);
    });
  });
}

node.on('add', (msg) => add(msg.body.delta, () => node.reply(msg, { type: 'add_ok' })));
node.on('read', (msg) => {
  node.rpc('seq-kv', { type: 'write', key: `sync-${node.id}`, value: ++syncs }, () => {
    node.rpc('seq-kv', { type: 'read', key: KEY }, (r) => node.reply(msg, { type: 'read_ok', value: r.body.type === 'read_ok' ? r.body.value : 0 }));
  });
});
node.run();
