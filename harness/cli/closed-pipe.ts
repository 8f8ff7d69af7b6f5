/**
 * A reader that stops early (`quorate run --json | head -1`, `node dist/bench/main.js --list | head`)
 * closes the pipe: that ends the program at once and quietly, never with an EPIPE stack trace. The
 * exit code is the program's if it had finished, else 3 (inconclusive: it was cut short). Any other
 * failure to write is one line and exit 2.
 */
import { EXIT } from './exit.js';

/** Installs the handler on `stream` (named `name` in the message); `program` prefixes the message. */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, name: string, program = 'quorate'): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.unknown);
    process.stderr.write(`${program}: cannot write to ${name}: ${e.message}\n`);
    process.exit(EXIT.usage);
  });
}

/** The handler on standard output and standard error both. */
export function endQuietlyOnClosedPipes(program = 'quorate'): void {
  endQuietlyOnClosedPipe(process.stdout, 'stdout', program);
  endQuietlyOnClosedPipe(process.stderr, 'stderr', program);
}
