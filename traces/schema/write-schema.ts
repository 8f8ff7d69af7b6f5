/**
 * Writes the published JSON Schema, traces/schema/trace-v1.schema.json, from
 * TRACE_V1_SCHEMA (the TypeBox source of truth). Run after changing
 * trace-v1.ts: `npx tsx traces/schema/write-schema.ts`; a test fails while the
 * committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TRACE_V1_SCHEMA } from './trace-v1.js';

/** The exact text of trace-v1.schema.json. */
export function schemaText(): string {
  return `${JSON.stringify(TRACE_V1_SCHEMA, null, 2)}\n`;
}

/** Where the schema file lives, beside this script's source. */
export const SCHEMA_FILE = fileURLToPath(new URL('./trace-v1.schema.json', import.meta.url));

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaText());
}
