// Maelstrom `kafka`: n0 holds every log and serves every request; other
// nodes forward requests to n0 and relay its answer. Offsets are dense and
// assigned by n0 alone, so they are unique and monotonic, and a poll returns
// the whole log from the offset asked for.
import { Node } from './node.mjs';

const node = new Node();
const LEADER = 'n0';
const logs = new Map(); // key -> [msg, ...] (offset = index)
const committed = new Map();

function serve(body) {
  switch (body.type) {
    case 'send': {
      const log = logs.get(body.key) ?? [];
      logs.set(body.key, log);
      log.push(body.msg);
      return { type: 'send_ok', offset: log.length - 1 };
    }
    case 'poll': {
      const msgs = {};
      for (const [k, from] of Object.entries(body.offsets)) msgs[k] = (logs.get(k) ?? []).slice(from).map((m, i) => [from + i, m]);
      return { type: 'poll_ok', msgs };
    }
    case 'commit_offsets':
      for (const [k, o] of Object.entries(body.offsets)) committed.set(k, Math.max(committed.get(k) ?? 0, o));
      return { type: 'commit_offsets_ok' };
    case 'list_committed_offsets':
      return { type: 'list_committed_offsets_ok', offsets: Object.fromEntries(body.keys.filter((k) => committed.has(k)).map((k) => [k, committed.get(k)])) };
  }
  return { type: 'error', code: 10, text: 'unsupported' };
}

function handle(msg) {
  if (node.id === LEADER) return node.reply(msg, serve(msg.body));
  const { msg_id: _ignored, ...request } = msg.body;
  node.rpc(LEADER, request, (answer) => {
    const { msg_id: _a, in_reply_to: _b, ...body } = answer.body;
    node.reply(msg, body);
  });
}
for (const t of ['send', 'poll', 'commit_offsets', 'list_committed_offsets']) node.on(t, handle);
node.run();
