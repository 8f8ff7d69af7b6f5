// Maelstrom `lin-kv`: n0 holds the only copy of the map and serves every
// request; other nodes forward requests to n0 and relay its answer. Correct
// (linearizable) without faults and under partitions and pauses (a forwarded
// request that gets no answer times out as indeterminate); a kill of n0
// loses the map, since it keeps nothing on disk.
import { Node } from './node.mjs';

const node = new Node();
const kv = new Map();
const LEADER = 'n0';

function serve(body) {
  const k = JSON.stringify(body.key);
  switch (body.type) {
    case 'read':
      return kv.has(k) ? { type: 'read_ok', value: kv.get(k) } : { type: 'error', code: 20, text: 'no such key' };
    case 'write':
      kv.set(k, body.value);
      return { type: 'write_ok' };
    case 'cas':
      if (!kv.has(k)) return { type: 'error', code: 20, text: 'no such key' };
      if (kv.get(k) !== body.from) return { type: 'error', code: 22, text: `expected ${body.from}, have ${kv.get(k)}` };
      kv.set(k, body.to);
      return { type: 'cas_ok' };
  }
  return { type: 'error', code: 10, text: 'unsupported' };
}

function handle(msg) {
  if (node.id === LEADER) {
    node.reply(msg, serve(msg.body));
    return;
  }
  const { msg_id: _ignored, ...request } = msg.body;
  node.rpc(LEADER, request, (answer) => {
    const { msg_id: _a, in_reply_to: _b, ...body } = answer.body;
    node.reply(msg, body);
  });
}
for (const t of ['read', 'write', 'cas']) node.on(t, handle);
node.run();
