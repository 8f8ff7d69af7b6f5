/**
 * The entry point `quorate check` calls: read a history file (or a string) in
 * any supported format into a History, streaming line by line. Every bad input
 * ends in exactly one InputError line naming the file and, where there is
 * one, the line; a history over the operation budget ends in BudgetError.
 */
import { HistoryBuilder, type BuiltHistory } from './build-history.js';
import { InputError } from './errors.js';
import type { History } from './history.js';
import type { JsonValue } from './schema/trace-v1.js';
import { FORMATS, FormatSniffer, type ConcreteFormat } from './import/detect.js';
import { ednImporter } from './import/edn.js';
import type { ImporterFactory, LineImporter } from './import/importer.js';
import { jepsenLogImporter } from './import/jepsen-log.js';
import { jsonlImporter } from './import/jsonl.js';
import { STDIN, binaryFile, readLineOrAsciiBatches, textLines } from './read-lines.js';

/** The part of a spec Model that validateForModel needs (traces/ sits below spec/, so it is named structurally). */
export interface ValidatingModel {
  validate?(f: string, value: JsonValue | undefined, phase: 'invoke' | 'ok' | 'fail' | 'info'): string | undefined;
}

/** The `--format` values. */
export type HistoryFormat = 'auto' | ConcreteFormat;

/** Options of readHistory / parseHistoryText. */
export interface ReadOptions {
  /** The input format; `auto` (default) sniffs it from the first lines. */
  format?: HistoryFormat | undefined;
  /** Budget on operations (default 50,000,000); exceeding it throws BudgetError. */
  maxOps?: number | undefined;
}

/** A history as read from a file: the History, its format and the operation names it invokes. */
export type ReadHistoryResult = History & { readonly format: ConcreteFormat; readonly fs: ReadonlySet<string> };

const IMPORTERS: Record<ConcreteFormat, ImporterFactory> = {
  jsonl: jsonlImporter,
  'jepsen-log': jepsenLogImporter,
  edn: ednImporter,
};

const EMPTY = 'empty file: no operations (a recorder that wrote nothing is almost always a fault)';

/** Feeds lines to the right importer, sniffing the format first when asked to. */
class HistoryReader {
  private readonly builder: HistoryBuilder;
  private readonly sniffer: FormatSniffer;
  private format: ConcreteFormat | undefined;
  private importer: LineImporter | undefined;
  private held: string[] = [];
  private lineNo = 0;
  private sawText = false;

  constructor(private readonly file: string, opts: ReadOptions) {
    const f = opts.format ?? 'auto';
    if (f !== 'auto' && !FORMATS.includes(f)) {
      throw new InputError({ file }, `unknown format "${String(f)}": expected auto|${FORMATS.join('|')}`, 'usage');
    }
    this.builder = new HistoryBuilder(file, { maxOps: opts.maxOps });
    this.sniffer = new FormatSniffer(file);
    if (f !== 'auto') this.start(f);
  }

  private start(f: ConcreteFormat): void {
    this.format = f;
    this.importer = IMPORTERS[f]({ file: this.file, builder: this.builder });
  }

  line(text: string): void {
    const n = ++this.lineNo;
    if (!this.sawText && text.trim() !== '') this.sawText = true;
    if (this.importer !== undefined) {
      this.importer.line(text, n);
      return;
    }
    this.held.push(text);
    const f = this.sniffer.feed(text);
    if (f === undefined) {
      if (this.sniffer.exhausted) throw this.sniffer.failure();
      return;
    }
    this.start(f);
    const held = this.held;
    this.held = [];
    held.forEach((t, i) => this.importer!.line(t, n - held.length + 1 + i));
  }

  /**
   * Feeds whole ASCII lines given as bytes (read-lines.ts AsciiLines): the importer's byte path where it has one,
   * else as text, in one string made of the whole chunk at the first line read as text (a conversion per chunk,
   * not one per line), read in place by the importer's `lineAt` where it takes the line, else cut out for `line`.
   */
  asciiLines(buf: Buffer, end: number): void {
    let text: string | undefined;
    for (let a = 0; a < end; ) {
      const importer = this.importer;
      if (importer?.bytes !== undefined) {
        const nl = buf.indexOf(10, a);
        if (importer.bytes(buf, a, nl, this.lineNo + 1)) {
          this.lineNo++;
          this.sawText = true; // (a line the byte path takes holds an event)
        } else {
          this.line(buf.toString('latin1', a, nl));
        }
        a = nl + 1;
        continue;
      }
      text ??= buf.toString('latin1', 0, end);
      const nl = text.indexOf('\n', a);
      if (importer?.lineAt !== undefined && importer.lineAt(text, a, nl, this.lineNo + 1)) {
        this.lineNo++;
        this.sawText = true; // (a line the in-place path takes holds an event)
      } else {
        this.line(text.slice(a, nl));
      }
      a = nl + 1;
    }
  }

  finish(): ReadHistoryResult {
    if (!this.sawText) throw new InputError({ file: this.file }, EMPTY, 'empty');
    if (this.importer === undefined || this.format === undefined) throw this.sniffer.failure();
    this.importer.end(this.lineNo);
    let h: BuiltHistory = this.builder.finish();
    if (this.importer.postProcess) h = this.importer.postProcess(h);
    return { ...h, format: this.format };
  }
}

/** Reads a history file (`-`: standard input, named `<stdin>` in messages), streaming it a chunk of lines at a time. */
export async function readHistory(file: string, opts: ReadOptions = {}): Promise<ReadHistoryResult> {
  const label = file === STDIN ? '<stdin>' : file;
  const reader = new HistoryReader(label, opts);
  for await (const batch of readLineOrAsciiBatches(file, label)) {
    if ('ascii' in batch) reader.asciiLines(batch.ascii, batch.end);
    else for (const line of batch) reader.line(line);
  }
  return reader.finish();
}

/** Parses a history held in a string; `source` names it in messages. */
export function parseHistoryText(text: string, source: string, opts: ReadOptions = {}): ReadHistoryResult {
  if (text.slice(0, 65536).includes('\u0000')) throw binaryFile(source);
  const reader = new HistoryReader(source, opts);
  for (const line of textLines(text)) reader.line(line);
  return reader.finish();
}

/** Checks every operation against `model.validate`; the first problem is an InputError at the op's line. */
export function validateForModel(h: History, model: ValidatingModel): void {
  if (model.validate === undefined) return;
  for (const op of h.ops) {
    const atCall = model.validate(op.f, op.input, 'invoke');
    if (atCall !== undefined) throw new InputError({ file: h.source, line: op.callLine }, atCall, 'model');
    const atRet = op.status === 'ok' ? model.validate(op.f, op.output, 'ok') : undefined;
    if (atRet !== undefined) throw new InputError({ file: h.source, line: op.retLine ?? op.callLine }, atRet, 'model');
  }
}
