/**
 * Splits an EDN history, fed line by line, into its op maps, each with the
 * line it starts on — in every form Jepsen and Knossos write one: one map per
 * line, maps spread over several lines, several maps on a line, or the whole
 * file as one vector `[...]` or list `(...)` of maps (on one line or many).
 * The outer vector or list is never held as one form: its elements come out
 * one at a time, so a history of any size streams through.
 *
 * Only the lexical structure is tracked here (brackets, strings, comments,
 * character literals, `#` prefixes); each element is then read by
 * edn-reader.ts, which says precisely what is wrong in it.
 */
/** One element of the history (a form that should be an op map) and its 1-based starting line. */
export interface EdnChunk {
  readonly text: string;
  readonly line: number;
}

/** A lexical error at a line (the splitter's caller turns it into an InputError). */
export class EdnSplitError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'EdnSplitError';
  }
}

/** An element longer than this many characters is taken to be unterminated. */
export const MAX_FORM_CHARS = 1 << 20;

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === ',' || c === '\f' || c === '\n';
const isDelim = (c: string): boolean => isSpace(c) || OPENERS.has(c) || CLOSERS.has(c) || c === '"' || c === ';';

/** Incremental splitter: `feed` lines in order, then `end`. */
export class EdnFormSplitter {
  /** `forms`: maps at top level; `wrapped`: inside the file's outer vector or list; `closed`: after it. */
  private mode: 'unknown' | 'forms' | 'wrapped' | 'closed' = 'unknown';
  private outerCloser = '';
  private outerLine = 0;
  /** The closers the open brackets of the element in progress expect, innermost last. */
  private readonly stack: string[] = [];
  private readonly stackLines: number[] = [];
  private get depth(): number {
    return this.stack.length;
  }
  private inString = false;
  private prefixes = 0;
  /** Text of the element in progress from earlier lines, and where it started. */
  private parts: string[] = [];
  private chars = 0;
  private startLine = 0;
  private active = false;

  /** Whether no element is in progress (a line can then be tried as one whole map). */
  get atRest(): boolean {
    return !this.active && (this.mode === 'forms' || this.mode === 'wrapped');
  }

  /** Scans one line, emitting every element that completes on it. */
  feed(text: string, line: number, emit: (c: EdnChunk) => void): void {
    let from = this.active ? 0 : -1; // where the element in progress starts on this line
    const begin = (i: number): void => {
      if (this.active) return;
      this.active = true;
      this.startLine = line;
      from = i;
    };
    const complete = (end: number): void => {
      if (this.prefixes > 0) {
        this.prefixes--;
        if (this.prefixes > 0) return;
      }
      const piece = text.slice(Math.max(from, 0), end);
      const whole = this.parts.length === 0 ? piece : `${this.parts.join('\n')}\n${piece}`;
      this.parts = [];
      this.chars = 0;
      this.active = false;
      from = -1;
      emit({ text: whole, line: this.startLine });
    };
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text[i]!;
      if (this.inString) {
        if (c === '\\') i += 2;
        else if (c === '"') {
          this.inString = false;
          i++;
          if (this.depth === 0) complete(i);
        } else i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === ';') break; // a comment runs to the end of the line
      if (this.mode === 'closed') {
        throw new EdnSplitError(line, `unexpected text after the "${this.outerCloser}" that closes the history opened at line ${this.outerLine}: "${text.slice(i, i + 20)}"`);
      }
      if (this.mode === 'unknown') {
        if ((c === '[' || c === '(') && this.depth === 0) {
          this.mode = 'wrapped';
          this.outerCloser = c === '[' ? ']' : ')';
          this.outerLine = line;
          i++;
          continue;
        }
        this.mode = 'forms';
      }
      if (OPENERS.has(c)) {
        begin(i);
        this.push(c === '(' ? ')' : c === '[' ? ']' : '}', line);
        i++;
        continue;
      }
      if (CLOSERS.has(c)) {
        if (this.depth === 0) {
          if (this.mode === 'wrapped' && c === this.outerCloser && !this.active) {
            this.mode = 'closed';
            i++;
            continue;
          }
          if (this.mode === 'wrapped' && !this.active) {
            throw new EdnSplitError(line, `expected "${this.outerCloser}" to close the history opened at line ${this.outerLine}, got "${c}"`);
          }
          throw new EdnSplitError(line, `unexpected "${c}"`);
        }
        const want = this.stack.pop()!;
        const opened = this.stackLines.pop()!;
        if (c !== want) throw new EdnSplitError(line, `expected "${want}" to close the form opened at line ${opened}, got "${c}"`);
        i++;
        if (this.depth === 0) complete(i);
        continue;
      }
      begin(i);
      if (c === '"') {
        this.inString = true;
        i++;
        continue;
      }
      // A token: an atom, a character literal (`\(` is one), or a `#` tag / `#_` discard.
      let j = i + 1;
      if (c === '#' && text[j] === '{') {
        this.push('}', line);
        i = j + 1;
        continue;
      }
      if (c === '#' && text[j] === '_') j++;
      else while (j < n && !isDelim(text[j]!)) j++;
      if (c === '\\' && j === i + 1 && j < n) j++;
      i = j;
      if (this.depth > 0) continue;
      if (c === '#') this.prefixes++;
      else complete(i);
    }
    if (this.active) {
      const piece = text.slice(Math.max(from, 0));
      this.parts.push(piece);
      this.chars += piece.length + 1;
      if (this.chars > MAX_FORM_CHARS) {
        throw new EdnSplitError(this.startLine, `the form starting here is not closed within ${MAX_FORM_CHARS} characters`);
      }
    }
  }

  private push(closer: string, line: number): void {
    this.stack.push(closer);
    this.stackLines.push(line);
  }

  /** After the last line: throws if a form, string or the outer vector is left open. */
  end(): void {
    if (this.active) {
      throw new EdnSplitError(this.startLine, `the ${this.inString ? 'string' : 'map'} starting here is never closed`);
    }
    if (this.mode === 'wrapped') {
      throw new EdnSplitError(this.outerLine, `the history opened here with "${this.outerCloser === ']' ? '[' : '('}" is never closed (expected "${this.outerCloser}")`);
    }
  }
}

