/**
 * Generated linearizable kv histories (10 keys, 20 clients): 10k and 1M
 * operations, without and with 0.1% indeterminate operations. The 1M history
 * has a target (< 60 s, < 2 GB); the indeterminate ones have none.
 */
import { generatedGroup } from '../generated-group.js';

export const gen10kGroup = generatedGroup({ name: 'gen-10k', ops: 10_000, infoRate: 0, timeoutMs: 60_000 });
export const gen1mGroup = generatedGroup({
  name: 'gen-1m',
  ops: 1_000_000,
  infoRate: 0,
  anchorMs: 60_000,
  anchorKind: 'target',
  targetPeakMB: 2048,
  timeoutMs: 300_000,
});
export const gen10kInfoGroup = generatedGroup({ name: 'gen-10k-info', ops: 10_000, infoRate: 0.001, timeoutMs: 60_000 });
export const gen1mInfoGroup = generatedGroup({ name: 'gen-1m-info', ops: 1_000_000, infoRate: 0.001, timeoutMs: 300_000 });
