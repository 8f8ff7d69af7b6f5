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
export type { SubsystemDescriptor, MutantInfo, WorkloadOp, Property, Bounds, AvailabilityOptions, NemesisOptions } from './harness/subsystems/descriptor.js';
export { runSeed } from './harness/run/run-seed.js';
export type { SeedOutcome } from './harness/run/seed-outcome.js';
export { kvWorkload } from './harness/workload/kv-workload.js';
