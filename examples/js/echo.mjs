// Maelstrom `echo`: reply with the payload received. Correct.
import { Node } from './node.mjs';

const node = new Node();
node.on('echo', (msg) => node.reply(msg, { type: 'echo_ok', echo: msg.body.echo }));
node.run();
