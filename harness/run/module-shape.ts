/**
 * The shape a user's module must export, checked where the module comes in:
 * a `SubsystemDescriptor` for `quorate run --subsystem PATH`, a `Model` for
 * `quorate check --model PATH`. Each check returns the first thing wrong, in
 * words, or undefined; the loader turns it into one line and exit 2.
 */
import { CONSISTENCY_MODELS } from '../../spec/consistency/names.js';
import { FAULT_KINDS } from '../nemesis/fault-kinds.js';

/** What a descriptor module's default export must be, for error messages. */
export const DESCRIPTOR_SHAPE =
  'a SubsystemDescriptor { name, description, model, cluster: { servers, clients }, network, clock, server(), client(), mutants, workload(), faults, properties, bounds: { timeUs, maxSteps, checkSteps, liveBoundUs } }';
/** What a model module's default export must be, for error messages. */
export const MODEL_SHAPE = 'a Model { name, operations, init(), step(), hash(), equal(), describe(), showState() }';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

function field(o: Rec, name: string, want: 'string' | 'function' | 'object' | 'array' | 'number'): string | undefined {
  const v = o[name];
  if (v === undefined) return `"${name}" is missing`;
  const ok = want === 'array' ? Array.isArray(v) : want === 'object' ? isRec(v) : want === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === want;
  return ok ? undefined : `"${name}" must be ${want === 'array' || want === 'object' ? `an ${want}` : `a ${want}`}, got ${kind(v)}`;
}

function firstOf(checks: readonly (() => string | undefined)[]): string | undefined {
  for (const c of checks) {
    const r = c();
    if (r !== undefined) return r;
  }
  return undefined;
}

/** What is wrong with `v` as a Model, or undefined. */
export function modelShapeError(v: unknown): string | undefined {
  if (!isRec(v)) return `got ${kind(v)}`;
  return firstOf([
    () => field(v, 'name', 'string'),
    () => field(v, 'operations', 'array'),
    () => ((v['operations'] as unknown[]).every((x) => typeof x === 'string') ? undefined : '"operations" must be operation names (strings)'),
    ...(['init', 'step', 'hash', 'equal', 'describe', 'showState'] as const).map((f) => () => field(v, f, 'function')),
  ]);
}

const positiveInt = (o: Rec, name: string, where: string): string | undefined =>
  Number.isSafeInteger(o[name]) && (o[name] as number) >= 1 ? undefined : `"${where}.${name}" must be a positive integer, got ${JSON.stringify(o[name]) ?? 'undefined'}`;

/** What is wrong with `v` as a SubsystemDescriptor, or undefined. */
export function descriptorShapeError(v: unknown): string | undefined {
  if (!isRec(v)) return `got ${kind(v)}`;
  const known = new Set(FAULT_KINDS.map((k) => k.kind as string));
  return firstOf([
    () => field(v, 'name', 'string'),
    () => (/^[\w.-]+$/.test(v['name'] as string) ? undefined : `"name" must be letters, digits, ".", "_" or "-" (it names trace files), got "${String(v['name'])}"`),
    () => field(v, 'description', 'string'),
    () => field(v, 'model', 'object'),
    () => {
      const m = modelShapeError(v['model']);
      return m === undefined ? undefined : `"model" must be ${MODEL_SHAPE}: ${m}`;
    },
    () => field(v, 'cluster', 'object'),
    () => positiveInt(v['cluster'] as Rec, 'servers', 'cluster'),
    () => positiveInt(v['cluster'] as Rec, 'clients', 'cluster'),
    () => field(v, 'network', 'object'),
    () => field(v, 'clock', 'object'),
    () => field(v, 'server', 'function'),
    () => field(v, 'client', 'function'),
    () => field(v, 'mutants', 'array'),
    () => {
      const bad = (v['mutants'] as unknown[]).findIndex((m) => !isRec(m) || typeof m['name'] !== 'string' || typeof m['description'] !== 'string' || !Array.isArray(m['caughtBy']));
      return bad === -1 ? undefined : `"mutants[${bad}]" must be { name, description, reach, caughtBy: [property names] }`;
    },
    () => field(v, 'workload', 'function'),
    () => field(v, 'faults', 'array'),
    () => {
      const bad = (v['faults'] as unknown[]).find((f) => typeof f !== 'string' || !known.has(f));
      return bad === undefined ? undefined : `"faults" has ${JSON.stringify(bad)}, not a fault kind (known: ${[...known].join(', ')})`;
    },
    () => field(v, 'properties', 'array'),
    () => field(v, 'bounds', 'object'),
    ...(['timeUs', 'maxSteps', 'checkSteps', 'liveBoundUs'] as const).map((b) => () => positiveInt(v['bounds'] as Rec, b, 'bounds')),
    () => {
      const c = v['claims'];
      if (c === undefined || (typeof c === 'string' && (CONSISTENCY_MODELS as readonly string[]).includes(c))) return undefined;
      if (isRec(c) && typeof c['name'] === 'string' && typeof c['check'] === 'function') return undefined;
      return `"claims" must be a consistency model (${CONSISTENCY_MODELS.join(', ')}) or { name, description, check() }, got ${JSON.stringify(c) ?? kind(c)}`;
    },
  ]);
}
