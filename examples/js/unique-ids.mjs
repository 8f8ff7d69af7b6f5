// Maelstrom `unique-ids`: node id plus a local counter is unique without any
// coordination. Correct, also under partitions, kills and pauses.
import { Node } from './node.mjs';

const node = new Node();
let counter = 0;
node.on('generate', (msg) => node.reply(msg, { type: 'generate_ok', id: `${node.id}-${process.pid}-${counter++}` }));
node.run();
