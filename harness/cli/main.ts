#!/usr/bin/env node
/**
 * The `quorate` command line. Each subcommand lives in its own file and
 * registers itself on the program; this entry owns the terminal, turns typed
 * errors into one line and an exit code (DESIGN.md "Command line").
 */
import { Command, CommanderError } from 'commander';
import { QuorateError } from '../../traces/errors.js';
import { VERSION } from '../../index.js';
import { registerCommands } from './commands.js';
import { EXIT } from './exit.js';

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('quorate')
    .description('executable formal model of a distributed OS, and a conformance harness')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`quorate: ${s.replace(/^error: /, '').trimEnd()}\n`),
    });
  registerCommands(program);
  try {
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
