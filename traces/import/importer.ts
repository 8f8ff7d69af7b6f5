/**
 * The shape every importer shares: it is fed a file's lines one at a time
 * (from a stream or a string) and hands operation events to a HistoryBuilder,
 * so no importer ever holds the file.
 */
import type { BuiltHistory, HistoryBuilder } from '../build-history.js';

/** Where an importer sends what it reads. */
export interface ImportContext {
  /** The file name (or label) used in messages. */
  readonly file: string;
  readonly builder: HistoryBuilder;
}

/** A line-by-line importer of one format. */
export interface LineImporter {
  /** Consumes one line (without its newline); `lineNo` is 1-based. */
  line(text: string, lineNo: number): void;
  /**
   * Optional byte path: consumes the line `buf[start, end)` (plain ASCII, no newline), which is line
   * `lineNo`, and returns true; or returns false, having done nothing, and the line comes to `line`
   * as text. Taking a line here must have the same effect as `line` would.
   */
  bytes?(buf: Buffer, start: number, end: number, lineNo: number): boolean;
  /**
   * Optional in-place path: consumes the line `text[start, end)` (plain ASCII, no newline, part of a
   * string holding a whole chunk of lines), which is line `lineNo`, and returns true; or returns false,
   * having done nothing, and the line comes to `line` as a string of its own. Taking a line here must
   * have the same effect as `line` would.
   */
  lineAt?(text: string, start: number, end: number, lineNo: number): boolean;
  /** Called after the last line; throws if the input was incomplete or held no operations. */
  end(lastLine: number): void;
  /** Rewrites the finished history, when the format needs a whole-file view (EDN independent keys). */
  postProcess?(h: BuiltHistory): BuiltHistory;
}

/** Creates an importer for one file. */
export type ImporterFactory = (ctx: ImportContext) => LineImporter;
