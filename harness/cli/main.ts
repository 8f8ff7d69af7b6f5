#!/usr/bin/env node
/**
 * The `quorate` command line. Each subcommand lives in its own file and
 * registers itself on the program; this entry owns the terminal, turns typed
 * errors into one line and an exit code (DESIGN.md "Command line").
 */
import { Command, CommanderError } from 'commander';
import { QuorateError } from '../../traces/errors.js';
import { VERSION } from '../../traces/version.js';
import { registerCommands } from './commands.js';
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

async function main(argv: readonly string[]): Promise<number> {
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
    await registerCommands(program, argv);
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

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.internal;
  },
);
