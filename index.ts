/**
 * quorate as a library: check recorded histories, run subsystems under the
 * simulator from your own test suite, and build on the trace format.
 */
/** The version of quorate (recorded in every trace header). */
export { VERSION } from './traces/version.js';

// Trace format and input edge.
export type { OpEvent, WorldEvent, TraceHeader, TraceEvent, JsonValue } from './traces/schema/trace-v1.js';
export { TRACE_V1_SCHEMA } from './traces/schema/trace-v1.js';
export type { Operation, History } from './traces/history.js';
export { QuorateError, InputError, UsageError, BudgetError } from './traces/errors.js';
export { readHistory, parseHistoryText, validateForModel } from './traces/read-history.js';
export type { HistoryFormat, ReadOptions, ReadHistoryResult } from './traces/read-history.js';

// Specifications and checkers.
export type { Model, Input, StepResult, Partition } from './spec/model.js';
export { registerModel } from './spec/register.js';
export { kvModel, kvKeyModel } from './spec/kv.js';
export { MODELS, inferModel } from './spec/models.js';
export type { CheckResult, FileVerdict, Witness, WitnessOp, WitnessLines } from './spec/check-result.js';
export { checkLinearizableReference } from './spec/linearizability.js';
export { checkOperations, checkOperationsSync } from './harness/check/linearizability.js';
export type { CheckOptions, CheckOutcome, CheckStats } from './harness/check/linearizability.js';

// The actor contract and the simulator.
export type { Actor, ClientActor, ActorContext, ClientContext, ClientRequest, ClientOutcome, Durable, NodeId } from './impl/actor.js';
export { createWorld } from './harness/sim/world.js';
export type { World, WorldView, WorldOptions } from './harness/sim/types.js';

// Subsystems and the runner.
export type {
  SubsystemDescriptor, MutantInfo, WorkloadOp, Property, AlwaysProperty, SometimesProperty, Bounds, BuildOptions,
  AvailabilityOptions, NemesisOptions, HistoryClaim, CustomHistoryCheck, HistoryCheckOutcome, RunHistory,
} from './harness/subsystems/descriptor.js';
export { runSeed, recordRun } from './harness/run/run-seed.js';
export type { SeedOptions } from './harness/run/run-seed.js';
export type { SeedOutcome, ShrunkFailure } from './harness/run/seed-outcome.js';
export { investigate } from './harness/run/investigate.js';
export { replayTrace, replaySeed } from './harness/run/replay.js';
export type { ReplayResult } from './harness/run/replay.js';
export type { NetworkOptions, ClockOptions } from './harness/sim/types.js';

// The built-in subsystems' descriptors (to run, or to start a descriptor of your own from).
export { ideal } from './harness/subsystems/ideal.js';
export { primaryBackup } from './harness/subsystems/primary-backup.js';
export { raft, raft3, raft7 } from './harness/subsystems/raft.js';
export { FAULT_KINDS } from './harness/nemesis/fault-kinds.js';
export type { FaultKind } from './harness/nemesis/fault-kinds.js';

// Workload helpers.
export { kvWorkload, describeKvWorkload } from './harness/workload/kv-workload.js';
export type { KvWorkloadOptions } from './harness/workload/kv-workload.js';
export { shrinkableList } from './harness/workload/shrinkable-list.js';
export { generateHistory, historyJsonlLines, writeHistoryJsonl } from './harness/workload/gen-history.js';
export type { GenHistoryOptions } from './harness/workload/gen-history.js';

// The shrinker and the trace writer.
export { shrinkSeed, DEFAULT_SHRINK_RUNS } from './harness/run/shrink.js';
export type { ShrinkResult } from './harness/run/shrink.js';
export { inputsForSeed, inputsArbitrary } from './harness/run/inputs.js';
export type { RunInputs, FaultEvent } from './harness/nemesis/schedule.js';
export { traceHeader, traceText, traceFileName, readTraceFile } from './harness/run/trace-file.js';
export type { TraceIdentity, ReadTrace } from './harness/run/trace-file.js';
