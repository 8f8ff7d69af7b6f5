/**
 * The `quorate` command line, every subcommand (commands.ts registers the one
 * the command line names, or all of them for help). main.cts runs it, or runs
 * `check` from its bundle (check-cli.ts).
 */
import { registerCommands } from './commands.js';
import { runProgram } from './program.js';

export { outputQueued } from './closed-pipe.js';

/** Runs `quorate …` (`argv` as in `process.argv`); resolves to the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, registerCommands);
}
