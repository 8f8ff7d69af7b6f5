/**
 * Full trace files of simulated runs: a header line naming what produced the
 * trace and the run's complete inputs, then the trace events, one JSON object
 * a line (DESIGN.md, "Trace format (version 1)"). Serialization is
 * deterministic (key order as built, no timestamps), so two identical runs
 * write byte-identical files. Reading goes through the ajv edge.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { VERSION } from '../../traces/version.js';
import { InputError } from '../../traces/errors.js';
import type { JsonValue, TraceEvent, TraceHeader } from '../../traces/schema/trace-v1.js';
import type { FAULT_KINDS } from '../../traces/schema/trace-v1.js';
import { classifyTraceLine, parseJsonLine } from '../../traces/validate.js';
import { RNG_ALGORITHM } from '../sim/rng.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { FaultEvent, RunInputs } from '../nemesis/schedule.js';
import { inputsHash } from './inputs-hash.js';
import { moduleOrigin, type ModuleOrigin } from './module-origin.js';

// Every fault kind the nemesis can schedule must be one the trace schema accepts (else replay would refuse its traces).
type UndescribedKinds = Exclude<FaultEvent['kind'], (typeof FAULT_KINDS)[number]>;
const everyKindDescribed: [UndescribedKinds] extends [never] ? true : UndescribedKinds = true;
void everyKindDescribed;

/** The installed fast-check's version (recorded because generation may change across its versions). */
export const FAST_CHECK_VERSION: string = (createRequire(import.meta.url)('fast-check/package.json') as { version: string }).version;

/** What identifies a trace besides its inputs. */
export interface TraceIdentity {
  readonly mutant: string | undefined;
  readonly seed: number;
  readonly shrunk: boolean;
}

/**
 * The header line of a simulated run's trace. A descriptor loaded from a user's module adds `module`
 * (its path and SHA-256), so `quorate replay` loads it again and says when it changed.
 */
export function traceHeader(d: SubsystemDescriptor, id: TraceIdentity, inputs: RunInputs): TraceHeader & { readonly rng: string; readonly module?: ModuleOrigin } {
  const origin = moduleOrigin(d);
  return {
    format: 'quorate-trace', version: 1, quorate: VERSION, fastCheck: FAST_CHECK_VERSION,
    subsystem: d.name, ...(origin === undefined ? {} : { module: { path: origin.path, sha256: origin.sha256 } }),
    mutant: id.mutant ?? null, seed: id.seed, shrunk: id.shrunk,
    options: { cluster: d.cluster, network: d.network, clock: d.clock, bounds: d.bounds } as unknown as Record<string, JsonValue>,
    inputsHash: inputsHash(inputs),
    inputs: inputs as unknown as NonNullable<TraceHeader['inputs']>,
    rng: RNG_ALGORITHM,
  };
}

/** The text of a trace file: header and events, newline-terminated. */
export function traceText(header: TraceHeader, events: readonly TraceEvent[]): string {
  const lines = [JSON.stringify(header)];
  for (const e of events) lines.push(JSON.stringify(e));
  return lines.join('\n') + '\n';
}

/** `<subsystem>-<mutant|correct>-<seed>[-shrunk].jsonl`. */
export function traceFileName(subsystem: string, mutant: string | undefined, seed: number, shrunk: boolean): string {
  return `${subsystem}-${mutant ?? 'correct'}-${seed}${shrunk ? '-shrunk' : ''}.jsonl`;
}

/** A trace file's header (schema-checked) and its whole text. */
export interface ReadTrace {
  readonly header: TraceHeader;
  readonly text: string;
}

/** A whole text file the user named (a trace, a shard's output); throws InputError (exit 2) when it cannot be read. */
export function readUserFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError({ file }, code === 'ENOENT' ? 'no such file' : `cannot read: ${(e as Error).message}`, 'unreadable');
  }
}

/** Reads a trace file and validates its header; throws InputError (exit 2) when it is not a v1 quorate trace. */
export function readTraceFile(file: string): ReadTrace {
  const text = readUserFile(file);
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).trim();
  if (first === '') throw new InputError({ file, line: 1 }, 'empty file: not a quorate trace', 'not-a-trace');
  const v = parseJsonLine(first, { file, line: 1 });
  if (typeof v !== 'object' || v === null || !('format' in v)) {
    throw new InputError({ file, line: 1 }, 'not a quorate trace: the first line has no "format" header (a history file? use `quorate check`)', 'not-a-trace');
  }
  const line = classifyTraceLine(v, { file, line: 1 }, { headerAllowed: true, worldAllowed: true });
  if (line.kind !== 'header') throw new InputError({ file, line: 1 }, 'not a quorate trace header', 'not-a-trace');
  const h = line.header;
  if (h.subsystem === undefined || h.seed === undefined || h.inputs === undefined) {
    throw new InputError({ file, line: 1 }, 'the trace header lacks "subsystem", "seed" or "inputs": it was not written by `quorate run` and cannot be replayed', 'not-replayable');
  }
  return { header: h, text };
}
