// A minimal Maelstrom node runtime, dependency-free: reads one JSON message
// per line on stdin, answers `init`, and calls your handler for every other
// message type. Messages go out as one JSON line on stdout; logs go to stderr.
import { createInterface } from 'node:readline';

export class Node {
  constructor() {
    this.id = undefined;
    this.nodeIds = [];
    this.nextMsgId = 0;
    this.handlers = new Map();
    this.callbacks = new Map();
  }

  /** Registers `fn(msg)` for messages whose body.type is `type`. */
  on(type, fn) {
    this.handlers.set(type, fn);
    return this;
  }

  /** Sends `body` to `dest`. */
  send(dest, body) {
    process.stdout.write(JSON.stringify({ src: this.id, dest, body }) + '\n');
  }

  /** Replies to `msg` with `body` (in_reply_to set). */
  reply(msg, body) {
    this.send(msg.src, { ...body, msg_id: ++this.nextMsgId, in_reply_to: msg.body.msg_id });
  }

  /** Sends `body` with a fresh msg_id; `cb(reply)` runs when the reply comes. */
  rpc(dest, body, cb) {
    const id = ++this.nextMsgId;
    this.callbacks.set(id, cb);
    this.send(dest, { ...body, msg_id: id });
  }

  log(...args) {
    process.stderr.write(args.join(' ') + '\n');
  }

  /** Reads stdin until it closes. `onInit()` runs after init. */
  run(onInit = () => {}) {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      if (line.trim() === '') return;
      const msg = JSON.parse(line);
      const { type, in_reply_to: irt } = msg.body;
      if (type === 'init') {
        this.id = msg.body.node_id;
        this.nodeIds = msg.body.node_ids;
        this.reply(msg, { type: 'init_ok' });
        onInit();
        return;
      }
      if (irt !== undefined && this.callbacks.has(irt)) {
        const cb = this.callbacks.get(irt);
        this.callbacks.delete(irt);
        cb(msg);
        return;
      }
      const h = this.handlers.get(type);
      if (h) h(msg);
      else if (msg.body.msg_id !== undefined) this.reply(msg, { type: 'error', code: 10, text: `unsupported type ${type}` });
    });
    rl.on('close', () => process.exit(0));
  }
}
