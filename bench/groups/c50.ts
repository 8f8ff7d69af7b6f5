/**
 * The 50-client kv histories alone. c50-bad is the hard one: Porcupine only
 * finishes it by checking keys in parallel (one key alone takes minutes and
 * >12 GB), so the anchor is our own target: under 2 s and under 1 GB.
 */
import { kvModel } from '../../spec/kv.js';
import type { Model } from '../../spec/model.js';
import { corpusGroup } from '../corpus-group.js';

export const c50BadGroup = corpusGroup({
  name: 'c50-bad',
  description: 'kv/c50-bad.txt alone (not linearizable); target < 2000 ms and < 1 GB peak',
  anchorMs: 2000,
  anchorKind: 'target',
  targetPeakMB: 1024,
  select: (f) => f.file === 'kv/c50-bad.txt',
  model: kvModel as Model,
  format: 'edn',
  timeoutMs: 120_000,
});

export const c50OkGroup = corpusGroup({
  name: 'c50-ok',
  description: 'kv/c50-ok.txt alone (linearizable); target < 2000 ms',
  anchorMs: 2000,
  anchorKind: 'target',
  select: (f) => f.file === 'kv/c50-ok.txt',
  model: kvModel as Model,
  format: 'edn',
  timeoutMs: 120_000,
});
