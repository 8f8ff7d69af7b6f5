/**
 * Porcupine's six MIT-lab kv histories (c01/c10/c50, ok and bad), split by
 * key; anchor: Porcupine (Go, keys in parallel) ~180 ms total.
 */
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { corpusGroup } from '../corpus-group.js';

export const kvGroup = corpusGroup({
  name: 'kv',
  description: 'the 6 kv histories (corpus/porcupine/kv) split by key, vs Porcupine 180 ms total',
  anchorMs: 180,
  anchorKind: 'porcupine',
  select: (f) => f.file.startsWith('kv/'),
  model: kvModel as Model,
  format: 'edn',
});
