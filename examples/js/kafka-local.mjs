// A buggy `kafka`: every node keeps its own logs and assigns offsets alone,
// with no replication. Two nodes give the same offset of a key to different
// messages (duplicate offsets), and a poll on one node never sees what was
// sent to another. Correct only with one node.
import { Node } from './node.mjs';

const node = new Node();
const logs = new Map();
const committed = new Map();

node.on('send', (msg) => {
  const log = logs.get(msg.body.key) ?? [];
  logs.set(msg.body.key, log);
  log.push(msg.body.msg);
  node.reply(msg, { type: 'send_ok', offset: log.length - 1 });
});
node.on('poll', (msg) => {
  const msgs = {};
  for (const [k, from] of Object.entries(msg.body.offsets)) msgs[k] = (logs.get(k) ?? []).slice(from).map((m, i) => [from + i, m]);
  node.reply(msg, { type: 'poll_ok', msgs });
});
node.on('commit_offsets', (msg) => {
  for (const [k, o] of Object.entries(msg.body.offsets)) committed.set(k, o);
  node.reply(msg, { type: 'commit_offsets_ok' });
});
node.on('list_committed_offsets', (msg) => {
  const offsets = Object.fromEntries(msg.body.keys.filter((k) => committed.has(k)).map((k) => [k, committed.get(k)]));
  node.reply(msg, { type: 'list_committed_offsets_ok', offsets });
});
node.run();
