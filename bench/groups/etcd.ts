/**
 * Porcupine's 102 non-empty Jepsen etcd histories (single cas register);
 * anchor: Porcupine (Go) checks them in ~570 ms total on this kind of machine.
 */
import { registerModel } from '../../spec/register.js';
import type { Model } from '../../spec/model.js';
import { corpusGroup } from '../corpus-group.js';

export const etcdGroup = corpusGroup({
  name: 'etcd',
  description: 'Jepsen etcd register histories (corpus/porcupine/jepsen), vs Porcupine 570 ms total',
  anchorMs: 570,
  anchorKind: 'porcupine',
  select: (f) => f.file.startsWith('jepsen/'),
  model: registerModel as Model,
  format: 'jepsen-log',
});
