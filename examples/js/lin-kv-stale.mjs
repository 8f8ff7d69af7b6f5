// Maelstrom `lin-kv`, BUGGY: writes and cas go to the leader n0, which
// replies at once and then pushes the new value to the other nodes; every
// node answers reads from its own copy. A read on a follower can miss a
// write that already completed: a stale read, not linearizable.
import { Node } from './node.mjs';

const node = new Node();
const kv = new Map();
const LEADER = 'n0';

function apply(body) {
  const k = JSON.stringify(body.key);
  if (body.type === 'write') {
    kv.set(k, body.value);
    return { type: 'write_ok' };
  }
  if (!kv.has(k)) return { type: 'error', code: 20, text: 'no such key' };
  if (kv.get(k) !== body.from) return { type: 'error', code: 22, text: 'precondition failed' };
  kv.set(k, body.to);
  return { type: 'cas_ok' };
}

node.on('read', (msg) => {
  const k = JSON.stringify(msg.body.key);
  node.reply(msg, kv.has(k) ? { type: 'read_ok', value: kv.get(k) } : { type: 'error', code: 20, text: 'no such key' });
});
function update(msg) {
  if (node.id !== LEADER) {
    const { msg_id: _ignored, ...request } = msg.body;
    node.rpc(LEADER, request, (answer) => {
      const { msg_id: _a, in_reply_to: _b, ...body } = answer.body;
      node.reply(msg, body);
    });
    return;
  }
  const answer = apply(msg.body);
  node.reply(msg, answer);
  const k = JSON.stringify(msg.body.key);
  if (answer.type === 'error') return;
  // Followers learn the new value a little later.
  setTimeout(() => {
    for (const peer of node.nodeIds) if (peer !== LEADER) node.send(peer, { type: 'replicate', key: k, value: kv.get(k) });
  }, 200);
}
node.on('write', update);
node.on('cas', update);
node.on('replicate', (msg) => kv.set(msg.body.key, msg.body.value));
node.run();
