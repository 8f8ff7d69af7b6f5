/**
 * The 50-client kv histories alone, check-only, beside Porcupine in the same
 * run. c50-bad is the hard one for a search that does not split by key
 * (Porcupine's unpartitioned model takes minutes and > 12 GB on it); both
 * sides split by key here. Peak memory target: under 1 GB.
 */
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { corpusGroup } from '../corpus-group.js';

export const c50BadGroup = corpusGroup({
  name: 'c50-bad',
  description: 'kv/c50-bad.txt alone (not linearizable), check only, vs Porcupine in the same run; < 1 GB peak',
  targetPeakMB: 1024,
  select: (f) => f.file === 'kv/c50-bad.txt',
  only: '^kv/c50-bad\\.txt$',
  model: kvModel as Model,
  format: 'edn',
  timeoutMs: 120_000,
});

export const c50OkGroup = corpusGroup({
  name: 'c50-ok',
  description: 'kv/c50-ok.txt alone (linearizable), check only, vs Porcupine in the same run',
  select: (f) => f.file === 'kv/c50-ok.txt',
  only: '^kv/c50-ok\\.txt$',
  model: kvModel as Model,
  format: 'edn',
  timeoutMs: 120_000,
});
