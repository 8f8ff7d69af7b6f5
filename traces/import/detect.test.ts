import { describe, it, expect } from 'vitest';
import { InputError } from '../errors.js';
import { detectFormat, sniffLine } from './detect.js';

describe('format detection', () => {
  it('sniffs each format from its first significant line', () => {
    expect(detectFormat('\n{"type":"invoke","process":0,"f":"read"}\n', 'h')).toBe('jsonl');
    expect(detectFormat('; comment\n{:process 0, :type :invoke}\n', 'h')).toBe('edn');
    expect(detectFormat('INFO  jepsen.util - 0\t:invoke\t:read\tnil\n', 'h')).toBe('jepsen-log');
    // A whole-file EDN vector or list: its opening bracket, on the first map's line or alone.
    expect(detectFormat('[{:process 0, :type :invoke} {:process 0, :type :ok}]', 'h')).toBe('edn');
    expect(detectFormat('; history\n[\n {:process 0, :type :invoke}\n]', 'h')).toBe('edn');
    expect(detectFormat('({:process 0, :type :invoke})', 'h')).toBe('edn');
    expect(detectFormat('2 :invoke :read nil', 'h')).toBe('jepsen-log');
    expect(detectFormat('INFO jepsen.core - starting\nINFO jepsen.db - setup\n0 :invoke :read nil', 'h')).toBe('jepsen-log');
  });
  it('names the file and the accepted formats when it cannot tell', () => {
    expect(sniffLine('hello world')).toBeUndefined();
    try {
      detectFormat('hello\nworld\n', 'x.txt');
      throw new Error('detected');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(/^x\.txt: cannot tell the history format: expected jsonl .* edn .* or jepsen-log .*; pass --format$/);
    }
  });
});
