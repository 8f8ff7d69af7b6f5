/**
 * The `tradeoffs` bench group: the scenario of bench/tradeoff-scenario.ts on
 * each store of the consistency ladder — the Raft KV (linearizable), its
 * ZooKeeper-style option (sequential), the causal+ store, Dynamo with strict
 * and with sloppy quorums — printing the README's table and, per store, the
 * models that broke with a witness. Times in the table are virtual.
 */
import { raft } from '../../harness/subsystems/raft.js';
import { raftZk } from '../../harness/subsystems/raft-zk.js';
import { causal } from '../../harness/subsystems/causal.js';
import { dynamoSloppy, dynamoStrict } from '../../harness/subsystems/dynamo.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';
import { TABLE_HEADER, measureStore, tableRow } from '../tradeoff-scenario.js';

const SEEDS = 10;

/** The `tradeoffs` bench group. */
export const tradeoffsGroup: BenchGroup = {
  name: 'tradeoffs',
  description: `one workload and one 4 s partition (2 servers | 3 servers) on raft, raft-zk, causal, dynamo-strict, dynamo-sloppy; ${SEEDS} seeds each`,
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const t0 = performance.now();
    const rows: string[] = [...TABLE_HEADER];
    const broke: string[] = [];
    let ops = 0;
    for (const d of [raft, raftZk, causal, dynamoStrict, dynamoSloppy]) {
      const f = measureStore(d, SEEDS);
      ops += f.ops;
      rows.push(tableRow(f));
      for (const [m, t] of Object.entries(f.models)) {
        if (t.violated > 0) broke.push(`${d.name} not ${m} in ${t.violated}/${SEEDS} seeds, e.g. ${t.example ?? ''}`);
      }
    }
    const ms = performance.now() - t0;
    return { files: 5 * SEEDS, ops, checkMs: ms, notes: [...rows, ...broke] };
  },
};
