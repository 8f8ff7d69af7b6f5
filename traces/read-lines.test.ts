import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { LineSplitter, textLines } from './read-lines.js';

/** The lines node:readline yields for `text` (what quorate read files with before): the oracle. */
async function readlineLines(text: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of createInterface({ input: Readable.from([Buffer.from(text)]), crlfDelay: Infinity })) out.push(line);
  if (out.length > 0 && out[0]!.charCodeAt(0) === 0xfeff) out[0] = out[0]!.slice(1);
  return out;
}

/** LineSplitter fed the bytes of `text` cut at `cuts`. */
function splitterLines(text: string, cuts: readonly number[]): string[] {
  const bytes = Buffer.from(text);
  const s = new LineSplitter();
  const out: string[] = [];
  let from = 0;
  for (const c of [...cuts.map((x) => x % (bytes.length + 1))].sort((a, b) => a - b)) {
    out.push(...s.push(bytes.subarray(from, c)));
    from = c;
  }
  out.push(...s.push(bytes.subarray(from)), ...s.end());
  return out;
}

describe('LineSplitter: lines as node:readline gives them, however the bytes are chunked', () => {
  it('CRLF split across chunks, a lone CR, a BOM, multi-byte characters cut in two, no final newline', () => {
    const text = '\ufeff{"a":"é€𝄞"}\r\nsecond\rthird\n\nlast';
    const expected = ['{"a":"é€𝄞"}', 'second', 'third', '', 'last'];
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) expect(splitterLines(text, [cut])).toEqual(expected);
    expect(textLines(text)).toEqual(expected);
  });
  it('agrees with node:readline on random texts and chunkings', async () => {
    const piece = fc.constantFrom('a', 'xyz', '\n', '\r', '\r\n', 'é', '𝄞', ' ', '{}', '\ufeff');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 4 }), async (pieces, cuts) => {
        const text = pieces.join('');
        const want = await readlineLines(text);
        expect(splitterLines(text, cuts)).toEqual(want);
        expect(textLines(text)).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});
