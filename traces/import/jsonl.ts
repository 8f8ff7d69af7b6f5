/**
 * Importer of quorate's own JSON Lines (trace format version 1): an optional
 * header line `{"format":"quorate-trace","version":1,...}`, then operation
 * events; a full trace (one with a header) also holds world events, which are
 * validated and, for faults, kept as annotations. A file without a header is
 * a plain history of operation events.
 */
import { InputError } from '../errors.js';
import type { JsonValue, WorldEvent } from '../schema/trace-v1.js';
import { classifyTraceLine, isOpEvent, parseJsonLine } from '../validate.js';
import type { ImportContext, LineImporter } from './importer.js';
import { JsonlByteParser } from './jsonl-bytes.js';

const FAULTS = new Set(['partition', 'heal', 'crash', 'restart', 'clock', 'net']);

/** Creates a JSONL importer. */
export function jsonlImporter(ctx: ImportContext): LineImporter {
  let first = true;
  let header = false;
  const parser = new JsonlByteParser();
  return {
    bytes(buf, start, end, lineNo) {
      const e = parser.parse(buf, start, end);
      if (e === undefined) return false;
      first = false;
      ctx.builder.event(e, lineNo);
      return true;
    },
    line(text, lineNo) {
      if (text.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        v = parseJsonLine(text, { file: ctx.file, line: lineNo }); // throws the line's "invalid JSON" error
      }
      // A well-formed operation event (nearly every line) goes straight to the builder: classifying
      // it would find the same (an object with an operation "type", valid against OpEvent).
      if (isOpEvent(v)) {
        first = false;
        ctx.builder.event(v, lineNo);
        return;
      }
      const pos = { file: ctx.file, line: lineNo };
      const c = classifyTraceLine(v, pos, { headerAllowed: first, worldAllowed: header });
      first = false;
      if (c.kind === 'header') header = true;
      else if (c.kind === 'op') ctx.builder.event(c.event, lineNo);
      else annotateWorld(ctx, c.event, lineNo);
    },
    end() {
      if (ctx.builder.invocations === 0) {
        throw new InputError({ file: ctx.file }, 'no operation events (a recorder that wrote nothing is almost always a fault)', 'empty');
      }
    },
  };
}

function annotateWorld(ctx: ImportContext, e: WorldEvent, line: number): void {
  if (e.type === 'nemesis') {
    ctx.builder.annotate({ line, f: e.f, value: e.value, phase: e.phase });
  } else if (FAULTS.has(e.type)) {
    const { type, time: _time, ...rest } = e as Record<string, unknown> & { type: string };
    ctx.builder.annotate({ line, f: type, value: rest as JsonValue, phase: 'world' });
  }
}
