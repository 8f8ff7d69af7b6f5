/**
 * Porcupine's six MIT-lab kv histories (c01/c10/c50, ok and bad), split by
 * key, check-only, beside Porcupine (keys in parallel) in the same run.
 */
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { corpusGroup } from '../corpus-group.js';

export const kvGroup = corpusGroup({
  name: 'kv',
  description: 'the 6 kv histories (corpus/porcupine/kv) split by key, check only, vs Porcupine in the same run',
  select: (f) => f.file.startsWith('kv/'),
  only: '^kv/',
  model: kvModel as Model,
  format: 'edn',
});
