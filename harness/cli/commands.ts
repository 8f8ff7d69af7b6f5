/**
 * The subcommands of `quorate`, each registered from its own file. This is
 * the CLI's one read of the subsystem registry (the runner's core takes
 * descriptors as arguments).
 *
 * A command loads only what it uses: when the command line names a
 * subcommand, only that one is registered (its module, and the subsystem
 * registry only for the commands that take subsystems), so `quorate check`
 * never loads the simulator, the implementations or the process driver.
 * Anything else (`--help`, `help`, `--version`, a misspelt command, which
 * gets a suggestion) registers them all, in the order the help lists them.
 */
import type { Command } from 'commander';

const subsystems = async () => (await import('../subsystems/index.js')).SUBSYSTEMS;

/** How each subcommand registers itself, by name, in help order. */
const COMMANDS: Readonly<Record<string, (program: Command) => Promise<void>>> = {
  run: async (p) => (await import('./run-command.js')).registerRun(p, await subsystems()),
  check: async (p) => (await import('./check-command.js')).registerCheck(p),
  replay: async (p) => (await import('./replay-command.js')).registerReplay(p, await subsystems()),
  merge: async (p) => (await import('./merge-command.js')).registerMerge(p),
  test: async (p) => (await import('./test-command.js')).registerTest(p),
  list: async (p) => (await import('./list-command.js')).registerList(p, await subsystems()),
  report: async (p) => (await import('./report-command.js')).registerReport(p),
  export: async (p) => (await import('./export-command.js')).registerExport(p),
};

/** The subcommands `quorate` has, in help order. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** Register on `program` the subcommand that `argv` (node, script, command, …) names, or every one when it names none. */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const named = argv[2];
  const which = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : COMMAND_NAMES;
  for (const name of which) await COMMANDS[name]!(program);
}
