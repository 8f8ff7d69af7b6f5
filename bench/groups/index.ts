/**
 * Every benchmark group, in the order `npm run bench` runs them. To add one,
 * write `groups/<name>.ts` exporting a `BenchGroup` and list it here.
 */
import type { BenchGroup } from '../bench-group.js';
import { etcdGroup } from './etcd.js';
import { kvGroup } from './kv.js';
import { c50BadGroup, c50OkGroup } from './c50.js';
import { gen10kGroup, gen10kInfoGroup, gen1mGroup, gen1mInfoGroup } from './generated.js';
import { vsReferenceGroup } from './vs-reference.js';
import { oneKeyGroup } from './one-key.js';
import { simEchoGroup } from './sim-echo.js';
import { mutantsGroup } from './mutants.js';
import { primaryBackupGroup } from './primary-backup.js';
import { runSuiteGroup } from './run-suite.js';
import { raftGroup } from './raft.js';
import { raftAvailabilityGroup } from './raft-availability.js';
import { causal10kGroup, cm1kGroup, session1mGroup, sequentialCorpusGroup } from './consistency.js';
import { tradeoffsGroup } from './tradeoffs.js';
import { fileCoherenceGroup } from './file-coherence.js';
import { driverRoutingGroup } from './driver-routing.js';
import { report10kGroup, reportC50Group, reportLoadGroup } from './report.js';
import { c50BadProcessGroup, etcdProcessGroup, gen1mProcessGroup, kvProcessGroup, startupGroup } from './process.js';

/** All groups, in run order. */
export const GROUPS: readonly BenchGroup[] = [
  etcdGroup,
  kvGroup,
  c50BadGroup,
  c50OkGroup,
  etcdProcessGroup,
  kvProcessGroup,
  c50BadProcessGroup,
  startupGroup,
  gen1mProcessGroup,
  gen10kGroup,
  gen1mGroup,
  gen10kInfoGroup,
  gen1mInfoGroup,
  vsReferenceGroup,
  oneKeyGroup,
  simEchoGroup,
  primaryBackupGroup,
  runSuiteGroup,
  raftGroup,
  raftAvailabilityGroup,
  fileCoherenceGroup,
  mutantsGroup,
  causal10kGroup,
  cm1kGroup,
  session1mGroup,
  sequentialCorpusGroup,
  tradeoffsGroup,
  driverRoutingGroup,
  reportC50Group,
  report10kGroup,
  reportLoadGroup,
];

/** The group called `name`, if any. */
export function findGroup(name: string): BenchGroup | undefined {
  return GROUPS.find((g) => g.name === name);
}
