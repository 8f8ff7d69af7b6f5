/**
 * The subcommands of `quorate`, each registered from its own file. This is
 * the CLI's one read of the subsystem registry (the runner's core takes
 * descriptors as arguments).
 */
import type { Command } from 'commander';
import { SUBSYSTEMS } from '../subsystems/index.js';
import { registerCheck } from './check-command.js';
import { registerList } from './list-command.js';
import { registerMerge } from './merge-command.js';
import { registerReplay } from './replay-command.js';
import { registerRun } from './run-command.js';
import { registerTest } from './test-command.js';

/** Register every subcommand on `program`. */
export function registerCommands(program: Command): void {
  registerRun(program, SUBSYSTEMS);
  registerCheck(program);
  registerReplay(program, SUBSYSTEMS);
  registerMerge(program);
  registerTest(program);
  registerList(program, SUBSYSTEMS);
}
