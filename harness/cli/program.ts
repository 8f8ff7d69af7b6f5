/**
 * The `quorate` program: owns the terminal and turns typed errors into one
 * line and an exit code (DESIGN.md "Command line"). Each subcommand lives in
 * its own file and registers itself on the program: cli.ts registers the one
 * the command line names (commands.ts), check-cli.ts only `check`.
 */
import { Command, CommanderError } from 'commander';
import { QuorateError } from '../../traces/errors.js';
import { VERSION } from '../../traces/version.js';
import { EXIT } from './exit.js';
import { endQuietlyOnClosedPipes, writeErr, writeOut } from './closed-pipe.js';

/** Runs the command line `argv` (as in `process.argv`) with the subcommands `register` puts on it; resolves to the exit code. */
export async function runProgram(argv: readonly string[], register: (program: Command, argv: readonly string[]) => Promise<void>): Promise<number> {
  endQuietlyOnClosedPipes();
  const program = new Command('quorate')
    .description('executable formal model of a distributed OS, and a conformance harness')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut,
      writeErr,
      outputError: (s, write) => write(`quorate: ${s.replace(/^error: /, '').trimEnd()}\n`),
    });
  try {
    await register(program, argv);
    await program.parseAsync(argv as string[]);
    return process.exitCode === undefined ? EXIT.pass : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exit code 0; every usage error is 2.
      return e.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    if (e instanceof QuorateError) {
      writeErr(`quorate: ${e.message}\n`);
      return e.code === 'budget' ? EXIT.unknown : EXIT.usage;
    }
    const msg = e instanceof Error ? e.message : String(e);
    writeErr(`quorate: internal error: ${msg} (please report it with the command line)\n`);
    return EXIT.internal;
  }
}
