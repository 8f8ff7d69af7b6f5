/**
 * `--format auto`: which importer a file needs, sniffed from its first
 * significant lines (blank lines and `;` comment lines are skipped).
 * A JSON object means our JSONL, `{:` an EDN op map (also after the `[` or
 * `(` that opens a whole-file vector or list), and a Jepsen log is
 * recognised by its operation lines, which may follow other log output.
 */
import { InputError } from '../errors.js';
import { isJepsenLogLine } from './jepsen-log.js';

/** A concrete history format. */
export type ConcreteFormat = 'jsonl' | 'jepsen-log' | 'edn';

/** The formats `--format` accepts besides `auto`. */
export const FORMATS: readonly ConcreteFormat[] = ['jsonl', 'jepsen-log', 'edn'];

/** How many significant lines to look at before giving up. */
export const SNIFF_LINES = 64;

/** The format one line reveals, `'skip'` for a blank or comment line, or undefined if it says nothing. */
export function sniffLine(text: string): ConcreteFormat | 'skip' | undefined {
  const t = text.trim();
  if (t === '' || t.startsWith(';')) return 'skip';
  if (/^\{\s*"/.test(t) || t === '{}') return 'jsonl';
  // An EDN op map, or the vector or list that holds a whole history (`[{:process 0 ...`, `[` alone on its line).
  if (/^\{\s*:/.test(t) || /^[[(]\s*(\{\s*:|;|$)/.test(t)) return 'edn';
  if (t.includes('jepsen.util -') || isJepsenLogLine(t)) return 'jepsen-log';
  return undefined;
}

/** Incremental detector: feed lines until `format` is set or `exhausted` says the file is undetectable. */
export class FormatSniffer {
  /** The detected format, once known. */
  format: ConcreteFormat | undefined;
  private significant = 0;

  constructor(private readonly file: string) {}

  /** Looks at one more line; returns the format once known. */
  feed(text: string): ConcreteFormat | undefined {
    if (this.format !== undefined) return this.format;
    const s = sniffLine(text);
    if (s === 'skip') return undefined;
    this.significant++;
    if (s !== undefined) this.format = s;
    return this.format;
  }

  /** Whether enough lines were seen without an answer. */
  get exhausted(): boolean {
    return this.significant >= SNIFF_LINES;
  }

  /** The error for an undetectable file. */
  failure(): InputError {
    return new InputError(
      { file: this.file },
      'cannot tell the history format: expected jsonl (JSON objects, one a line), edn ({:process 0, :type :invoke, ...}) or jepsen-log ("INFO  jepsen.util - 0\t:invoke\t:read\tnil"); pass --format',
      'unknown-format',
    );
  }
}

/** Detects the format of a whole text (its first lines), or throws InputError naming `file`. */
export function detectFormat(text: string, file: string): ConcreteFormat {
  const sniffer = new FormatSniffer(file);
  let from = 0;
  while (from <= text.length && !sniffer.exhausted) {
    const nl = text.indexOf('\n', from);
    const line = text.slice(from, nl < 0 ? text.length : nl);
    const f = sniffer.feed(line);
    if (f !== undefined) return f;
    if (nl < 0) break;
    from = nl + 1;
  }
  throw sniffer.failure();
}
