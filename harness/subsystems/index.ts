/**
 * The registry of subsystems. Read only by entry points — the CLI and the
 * runner's worker entry (harness/run/worker.ts) — since the runner's core
 * takes descriptors as arguments (a test enforces it). Adding a subsystem is
 * one descriptor file and one line here.
 */
import type { SubsystemDescriptor } from './descriptor.js';
import { ideal } from './ideal.js';
import { primaryBackup } from './primary-backup.js';
import { raft, raft3, raft7 } from './raft.js';
import { afsCallbacks, afsLeases, afsPolling, afsPollingPeriod } from './afs.js';
import { coda } from './coda.js';
import { raftZk } from './raft-zk.js';
import { causal } from './causal.js';
import { dynamoSloppy, dynamoStrict } from './dynamo.js';
import { orSet } from './or-set.js';

/** Every subsystem, in the order `quorate run` runs and lists them. */
export const SUBSYSTEMS: readonly SubsystemDescriptor[] = [
  ideal, primaryBackup, raft, raft3, raft7, afsCallbacks, afsLeases, afsPolling, afsPollingPeriod, coda, raftZk, causal, dynamoStrict, dynamoSloppy, orSet,
];

/** The subsystem called `name`, or undefined. */
export function findSubsystem(name: string): SubsystemDescriptor | undefined {
  return SUBSYSTEMS.find((d) => d.name === name);
}
