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

/**
 * A reader that stops early (`quorate run --json | head -1`) closes the pipe:
 * that ends the command at once and quietly, never with an EPIPE stack trace.
 * The exit code is the command's if it had finished, else 3 (inconclusive:
 * it was cut short). Any other failure to write is one line and exit 2.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, name: string): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.unknown);
    process.stderr.write(`quorate: cannot write to ${name}: ${e.message}\n`);
    process.exit(EXIT.usage);
  });
}

/** Runs the command line `argv` (as in `process.argv`) with the subcommands `register` puts on it; resolves to the exit code. */
export async function runProgram(argv: readonly string[], register: (program: Command, argv: readonly string[]) => Promise<void>): Promise<number> {
  endQuietlyOnClosedPipe(process.stdout, 'stdout');
  endQuietlyOnClosedPipe(process.stderr, 'stderr');
  const program = new Command('quorate')
    .description('executable formal model of a distributed OS, and a conformance harness')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
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
      process.stderr.write(`quorate: ${e.message}\n`);
      return e.code === 'budget' ? EXIT.unknown : EXIT.usage;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`quorate: internal error: ${msg} (please report it with the command line)\n`);
    return EXIT.internal;
  }
}
