/**
 * The options `quorate check --consistency` adds, kept apart from the checkers
 * (consistency-output.ts) so that a plain `quorate check` registers them
 * without loading any consistency checker: that module is imported only when
 * `--consistency` is given.
 */
import type { Command } from 'commander';
import { CONSISTENCY_ALIASES, CONSISTENCY_MODELS } from '../../spec/consistency/names.js';

/** Default search-step budget of the sequential search (and of nothing else: linearizability keeps its timeout). */
export const DEFAULT_CONSISTENCY_STEPS = 2_000_000;

/** The options this mode adds to `quorate check`. */
export function addConsistencyOptions(cmd: Command): Command {
  return cmd
    .option('--consistency <model>', `judge consistency models instead of linearizability alone: ${modelNames()}|all`)
    .option('--expect <model>', 'with --consistency all: the model whose verdict sets the exit code')
    .option('--max-steps <n>', 'search-step budget of the sequential-consistency search per file', String(DEFAULT_CONSISTENCY_STEPS));
}

/** What `check` passes on to this mode. */
export interface ConsistencyCliOptions {
  readonly consistency?: string;
  readonly expect?: string;
  readonly maxSteps?: string;
  readonly model?: string;
  readonly format: string;
  readonly timeout?: string;
  readonly json?: boolean;
  readonly maxOps?: string;
  readonly memory?: string;
  readonly workers?: string;
  readonly report?: string;
}

/** Every model name the command line accepts. */
export const modelNames = (): string => [...CONSISTENCY_MODELS, ...Object.keys(CONSISTENCY_ALIASES)].join('|');
