/**
 * Trace format version 1: the one source of truth for the JSON Schema in
 * `trace-v1.schema.json` and for the TypeScript types of every event.
 *
 * A history file holds operation events only (Jepsen style, one JSON object a
 * line, line order = real-time order). A full trace starts with a header line
 * and mixes operation events with world events written by the simulator.
 * See ../shared/DESIGN.md, "Trace format (version 1)".
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Any JSON value: the payload of an operation. */
export const JsonValue = Type.Unsafe<JsonValue>({ description: 'any JSON value' });
/** A JSON value as TypeScript sees it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** Ids of client processes: Jepsen numbers them; other recorders may name them. */
export const ProcessId = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1 })]);
/** A client process id. */
export type ProcessId = Static<typeof ProcessId>;

/** The four kinds of operation event. */
export const OpType = Type.Union([
  Type.Literal('invoke'),
  Type.Literal('ok'),
  Type.Literal('fail'),
  Type.Literal('info'),
]);
/** The type of an operation event. */
export type OpType = Static<typeof OpType>;

/** One client operation event: an invocation or its completion. */
export const OpEvent = Type.Object(
  {
    type: OpType,
    process: ProcessId,
    /** The client session the operation belongs to (default: the process); session guarantees and session order read it. */
    session: Type.Optional(ProcessId),
    f: Type.String({ minLength: 1 }),
    key: Type.Optional(Type.String()),
    value: Type.Optional(JsonValue),
    time: Type.Optional(Type.Number({ minimum: 0 })),
    node: Type.Optional(Type.String()),
    error: Type.Optional(JsonValue),
    index: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
/** An operation event. */
export type OpEvent = Static<typeof OpEvent>;

const NodeRef = Type.String({ minLength: 1 });
const VTime = Type.Number({ minimum: 0, description: 'virtual time, microseconds' });

function world<T extends string, P extends Record<string, TSchema>>(type: T, props: P) {
  return Type.Object(
    { type: Type.Literal(type), time: VTime, ...props },
    { additionalProperties: true },
  );
}

/** A message handed to the network. */
export const SendEvent = world('send', { id: Type.Integer({ minimum: 0 }), from: NodeRef, to: NodeRef, msg: JsonValue });
/** A message handed to its destination's handler. */
export const DeliverEvent = world('deliver', { id: Type.Integer({ minimum: 0 }), from: NodeRef, to: NodeRef });
/** A message the network lost. */
export const DropEvent = world('drop', {
  id: Type.Integer({ minimum: 0 }),
  from: NodeRef,
  to: NodeRef,
  reason: Type.Union([Type.Literal('loss'), Type.Literal('partition'), Type.Literal('down')]),
});
/** A message the network duplicated (the copy gets a new id). */
export const DuplicateEvent = world('duplicate', { id: Type.Integer({ minimum: 0 }), copy: Type.Integer({ minimum: 0 }) });
/** A change of the connectivity matrix: `blocked` lists the directed links that now drop. */
export const PartitionEvent = world('partition', {
  shape: Type.String(),
  blocked: Type.Array(Type.Tuple([NodeRef, NodeRef])),
  groups: Type.Optional(Type.Array(Type.Array(NodeRef))),
});
/** Full connectivity restored. */
export const HealEvent = world('heal', {});
/** A node stops; its volatile state is lost (and its disk too when `diskLoss`). */
export const CrashEvent = world('crash', { node: NodeRef, diskLoss: Type.Boolean() });
/** A crashed node starts again from its durable storage. */
export const RestartEvent = world('restart', { node: NodeRef });
/** A clock fault: a new drift rate of the monotonic clock and/or a jump of the wall clock. */
export const ClockEvent = world('clock', {
  node: NodeRef,
  drift: Type.Optional(Type.Number()),
  jump: Type.Optional(Type.Number()),
});
/** A burst of message loss or duplication on the network. */
export const NetFaultEvent = world('net', {
  loss: Type.Number({ minimum: 0, maximum: 1 }),
  duplicate: Type.Number({ minimum: 0, maximum: 1 }),
});
/** A timer fired on a node. */
export const TimerEvent = world('timer', { node: NodeRef, name: Type.String() });
/** A fault annotation imported from another tool (Jepsen's `:nemesis` process). */
export const NemesisEvent = Type.Object(
  {
    type: Type.Literal('nemesis'),
    time: Type.Optional(VTime),
    phase: Type.String(),
    f: Type.String(),
    value: Type.Optional(JsonValue),
  },
  { additionalProperties: true },
);
/** A property verdict recorded in the trace (an invariant broken, a coverage count). */
export const PropertyEvent = world('property', {
  name: Type.String(),
  kind: Type.Union([Type.Literal('always'), Type.Literal('eventually'), Type.Literal('sometimes')]),
  holds: Type.Boolean(),
  detail: Type.Optional(JsonValue),
});

/** Every world event the simulator (or an importer) can write. */
export const WorldEvent = Type.Union(
  [
    SendEvent,
    DeliverEvent,
    DropEvent,
    DuplicateEvent,
    PartitionEvent,
    HealEvent,
    CrashEvent,
    RestartEvent,
    ClockEvent,
    NetFaultEvent,
    TimerEvent,
    NemesisEvent,
    PropertyEvent,
  ],
  {},
);
/** A world event. */
export type WorldEvent = Static<typeof WorldEvent>;
/** The `type` tags of world events. */
export const WORLD_EVENT_TYPES = [
  'send', 'deliver', 'drop', 'duplicate', 'partition', 'heal', 'crash', 'restart', 'clock', 'net', 'timer', 'nemesis', 'property',
] as const;

/** The kinds of fault event a schedule can hold (harness/nemesis/schedule.ts). */
export const FAULT_KINDS = [
  'partition-halves', 'bridge', 'majorities-ring', 'isolate-one', 'one-way', 'crash-restart', 'kill-disk-loss', 'crash-client', 'restart',
  'crash-minority', 'crash-majority', 'isolate-role', 'clock-drift', 'clock-jump', 'loss-burst', 'dup-burst', 'heal',
] as const;

/** The fields each kind of fault event must have besides `at` and `kind`. */
const FAULT_REQUIRED: Readonly<Record<(typeof FAULT_KINDS)[number], readonly string[]>> = {
  'partition-halves': ['order'], bridge: ['order'], 'majorities-ring': ['order'],
  'isolate-one': ['node'], 'one-way': ['node'], 'crash-restart': ['node'], 'kill-disk-loss': ['node'], 'crash-client': ['node'], restart: ['node'],
  'crash-minority': ['nodes'], 'crash-majority': ['nodes'], 'isolate-role': ['role'],
  'clock-drift': ['node', 'drift'], 'clock-jump': ['node', 'jumpUs'], 'loss-burst': ['p', 'durationUs'], 'dup-burst': ['p', 'durationUs'], heal: [],
};

const Micros = Type.Number({ minimum: 0 });

/**
 * One timed fault event of a run's schedule. Every field has one type
 * whatever the kind (so a wrong value is reported at the field); which
 * fields a kind requires is stated per kind.
 */
export const FaultEvent = Type.Object(
  {
    at: Micros,
    kind: Type.Union(FAULT_KINDS.map((k) => Type.Literal(k))),
    order: Type.Optional(Type.Array(NodeRef)),
    node: Type.Optional(NodeRef),
    nodes: Type.Optional(Type.Array(NodeRef)),
    quietUs: Type.Optional(Micros),
    role: Type.Optional(Type.String({ minLength: 1 })),
    scope: Type.Optional(Type.Literal('servers')),
    holdUs: Type.Optional(Micros),
    skew: Type.Optional(Type.Number()),
    churn: Type.Optional(Type.Integer({ minimum: 0 })),
    churnDelayUs: Type.Optional(Micros),
    drift: Type.Optional(Type.Number()),
    othersDrift: Type.Optional(Type.Number()),
    jumpUs: Type.Optional(Type.Number()),
    p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    durationUs: Type.Optional(Micros),
  },
  {
    allOf: FAULT_KINDS.filter((k) => FAULT_REQUIRED[k].length > 0).map((k) => ({
      if: { properties: { kind: { const: k } }, required: ['kind'] },
      then: { required: [...FAULT_REQUIRED[k]] },
    })),
  },
);
/** A fault event as the schema describes it. */
export type FaultEvent = Static<typeof FaultEvent>;

/** One client request of a run's workload. */
export const WorkloadOp = Type.Object({
  f: Type.String({ minLength: 1 }),
  key: Type.Optional(Type.String()),
  value: JsonValue,
  thinkUs: Micros,
});

/** A simulated run's complete inputs: the world's PRNG seed, each client's requests, the fault schedule. */
export const RunInputs = Type.Object({
  worldSeed: Type.Integer(),
  workload: Type.Array(Type.Array(WorkloadOp)),
  schedule: Type.Object({ events: Type.Array(FaultEvent), healAt: Micros }),
});
/** A run's inputs as the schema describes them. */
export type RunInputs = Static<typeof RunInputs>;

/** The first line of a full trace: what produced it and the run's complete inputs. */
export const TraceHeader = Type.Object(
  {
    format: Type.Literal('quorate-trace'),
    version: Type.Literal(1),
    quorate: Type.String(),
    fastCheck: Type.Optional(Type.String()),
    subsystem: Type.Optional(Type.String()),
    mutant: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    /** The run's seed; for a shrunk trace, the seed of the run it was shrunk from. */
    seed: Type.Optional(Type.Integer()),
    shrunk: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Record(Type.String(), JsonValue)),
    inputs: Type.Optional(RunInputs),
    /** `sha256:` and the hex SHA-256 of the canonical JSON of `inputs` (keys sorted), so an edited header is noticed. */
    inputsHash: Type.Optional(Type.String({ pattern: '^sha256:[0-9a-f]{64}$' })),
  },
  { additionalProperties: true },
);
/** A trace header. */
export type TraceHeader = Static<typeof TraceHeader>;

/** Any line of a trace file after the header. */
export type TraceEvent = OpEvent | WorldEvent;

/** The JSON Schema document published in traces/schema/trace-v1.schema.json. */
export const TRACE_V1_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://quorate.dev/schema/trace-v1.json',
  title: 'quorate trace format, version 1 (one JSON object per line)',
  description:
    'Each line of a history or trace file is one of: a header (first line only), an operation event, a world event.',
  definitions: { OpEvent, WorldEvent, TraceHeader },
  oneOf: [{ $ref: '#/definitions/TraceHeader' }, { $ref: '#/definitions/OpEvent' }, { $ref: '#/definitions/WorldEvent' }],
} as const;
