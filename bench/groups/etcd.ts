/**
 * Porcupine's 102 non-empty Jepsen etcd histories (single cas register),
 * check-only, beside Porcupine checking the same files in the same run.
 */
import { registerModel } from '../../spec/register.js';
import type { Model } from '../../spec/model.js';
import { corpusGroup } from '../corpus-group.js';

export const etcdGroup = corpusGroup({
  name: 'etcd',
  description: 'Jepsen etcd register histories (corpus/porcupine/jepsen), check only, vs Porcupine on the same files in the same run',
  select: (f) => f.file.startsWith('jepsen/'),
  only: '^jepsen/',
  model: registerModel as Model,
  format: 'jepsen-log',
});
