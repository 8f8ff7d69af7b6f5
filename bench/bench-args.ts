/**
 * Command line of `node dist/bench/main.js`: `--json` for JSON lines,
 * `--only GROUP` (repeatable, or comma-separated) to run a subset, `--list`.
 */
import { parseArgs } from 'node:util';

/** Parsed bench options. */
export interface BenchArgs {
  readonly json: boolean;
  readonly list: boolean;
  /** Groups to run; empty = all. */
  readonly only: readonly string[];
}

/** Parse argv (without node and the script); throws on unknown options. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = (values.only ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  return { json: values.json ?? false, list: values.list ?? false, only };
}
