// A buggy `g-counter` on the `seq-kv` service: an add reads the count and
// writes the sum back with a plain write instead of a compare-and-set. A
// stale read (seq-kv allows a few versions of staleness) or a concurrent add
// makes the write drop other nodes' adds. Reads are fresh (as in
// counter-seq-kv.mjs), so only the lost adds show.
import { Node } from './node.mjs';

const node = new Node();
const KEY = 'counter';
let syncs = 0;

node.on('add', (msg) => {
  node.rpc('seq-kv', { type: 'read', key: KEY }, (r) => {
    const current = r.body.type === 'read_ok' ? r.body.value : 0;
    node.rpc('seq-kv', { type: 'write', key: KEY, value: current + msg.body.delta }, () => node.reply(msg, { type: 'add_ok' }));
  });
});
node.on('read', (msg) => {
  node.rpc('seq-kv', { type: 'write', key: `sync-${node.id}`, value: ++syncs }, () => {
    node.rpc('seq-kv', { type: 'read', key: KEY }, (r) => node.reply(msg, { type: 'read_ok', value: r.body.type === 'read_ok' ? r.body.value : 0 }));
  });
});
node.run();
