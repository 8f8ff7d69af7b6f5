/**
 * The command line with only `quorate check` on it: the entry of the bundle
 * (tools/bundle.ts, bundle-loader.cts). `check` is the command run on many
 * small files, where start-up is most of what a user waits for; the others
 * run for seconds or more, and `run`'s user subsystems build fast-check
 * arbitraries that must share quorate's one copy of fast-check, so they load
 * module by module (main.cts).
 */
import { runProgram } from './program.js';

export { outputQueued } from './closed-pipe.js';
import { registerCheck } from './check-command.js';

/** Runs `quorate check …` (`argv` as in `process.argv`); resolves to the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, async (program) => registerCheck(program));
}
