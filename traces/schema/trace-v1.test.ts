import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { TRACE_V1_SCHEMA, type OpEvent, type TraceHeader, type WorldEvent } from './trace-v1.js';
import { SCHEMA_FILE, VALIDATORS_FILE, schemaText, validatorsText } from './write-schema.js';

const ajv = new Ajv({ strict: false });
const published = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
const validate = ajv.compile(published);

// Typed samples: if the TS types drift from the schema, either tsc or these assertions fail.
const ops: OpEvent[] = [
  { type: 'invoke', process: 0, f: 'read', value: null },
  { type: 'ok', process: 'client-a', f: 'cas', key: 'x', value: [1, 2], time: 1200, node: 'n1', index: 3 },
  { type: 'fail', process: 3, f: 'write', value: { deep: [true, 'x'] }, error: 'timeout' },
  { type: 'info', process: 4, f: 'append' },
];
const world: WorldEvent[] = [
  { type: 'send', time: 0, id: 1, from: 'n1', to: 'n2', msg: { t: 'vote' } },
  { type: 'drop', time: 3, id: 1, from: 'n1', to: 'n2', reason: 'partition' },
  { type: 'partition', time: 4, shape: 'halves', blocked: [['n1', 'n2']], groups: [['n1'], ['n2']] },
  { type: 'heal', time: 5 },
  { type: 'crash', time: 6, node: 'n3', diskLoss: false },
  { type: 'clock', time: 7, node: 'n1', drift: 1.0001 },
  { type: 'nemesis', phase: 'info', f: 'start', value: null },
  { type: 'property', time: 9, name: 'electionSafety', kind: 'always', holds: true },
];
const header: TraceHeader = { format: 'quorate-trace', version: 1, quorate: '0.1.0', seed: 42, mutant: null, options: { n: 3 } };

describe('trace-v1 schema', () => {
  it('the committed JSON Schema is what TRACE_V1_SCHEMA produces (run `npx tsx traces/schema/write-schema.ts`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
    expect(published).toEqual(JSON.parse(JSON.stringify(TRACE_V1_SCHEMA)));
  });
  it('the committed ahead-of-time validators are what the schema and this ajv compile to (run `npm run schema`)', () => {
    expect(readFileSync(VALIDATORS_FILE, 'utf8')).toBe(validatorsText());
  });
  it.each([...ops, ...world, header].map((v) => [JSON.stringify(v), v]))('accepts typed sample %s', (_s, v) => {
    expect(validate(v), JSON.stringify(validate.errors)).toBe(true);
  });
  it.each([
    { type: 'done', process: 1, f: 'read' },
    { type: 'invoke', process: -1, f: 'read' },
    { type: 'invoke', process: 1, f: 'read', foo: 1 },
    { type: 'invoke', f: 'read' },
    { type: 'ok', process: 1, f: 'read', time: -1 },
    { type: 'crash', time: 1, node: 'n1' },
    { type: 'drop', time: 1, id: 0, from: 'a', to: 'b', reason: 'x' },
    { type: 'net', time: 1, loss: 2, duplicate: 0 },
    { format: 'quorate-trace', version: 2, quorate: 'x' },
    [1, 2],
  ].map((v) => [JSON.stringify(v), v]))('rejects %s', (_s, v) => {
    expect(validate(v)).toBe(false);
  });
});
