import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../traces/errors.js';
import { ideal } from '../subsystems/ideal.js';
import { replayCommand } from './replay-command.js';
import { listCommand } from './list-command.js';

const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough() });
const dir = mkdtempSync(join(tmpdir(), 'quorate-replay-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('quorate replay', () => {
  it.each([
    ['missing file', join(dir, 'nope.jsonl'), /no such file/],
    ['a history, not a trace', file('h.jsonl', '{"type":"invoke","process":1,"f":"get","value":null}\n'), /not a quorate trace/],
    ['another format version', file('v2.jsonl', '{"format":"quorate-trace","version":2}\n'), /version 2 is not supported/],
    ['not JSON', file('bad.jsonl', 'hello\n'), /invalid JSON/],
    ['a header without inputs', file('h2.jsonl', '{"format":"quorate-trace","version":1,"quorate":"0.1.0"}\n'), /cannot be replayed/],
  ])('%s is one clear input error', (_what, path, msg) => {
    expect(() => replayCommand(path, {}, [ideal], io())).toThrow(InputError);
    expect(() => replayCommand(path, {}, [ideal], io())).toThrow(msg);
  });

  it('needs a file or a subsystem and seed', () => {
    expect(() => replayCommand(undefined, { subsystem: 'ideal' }, [ideal], io())).toThrow(UsageError);
    expect(() => replayCommand(undefined, { subsystem: 'ideal', seed: '1', mutant: 'zzz' }, [ideal], io())).toThrow(/unknown mutant/);
  });

  it('replays a passing seed with exit 0', () => {
    expect(replayCommand(undefined, { subsystem: 'ideal', seed: '1' }, [ideal], io())).toBe(0);
  });
});

describe('quorate list', () => {
  it('--json names subsystems, mutants, models and fault kinds', () => {
    const o = io();
    let text = '';
    o.stdout.on('data', (c: Buffer) => (text += c.toString()));
    expect(listCommand(true, [ideal], o)).toBe(0);
    const v = JSON.parse(text) as { subsystems: { name: string; mutants: { name: string }[] }[]; faults: { kind: string }[]; models: unknown[] };
    expect(v.subsystems[0]?.name).toBe('ideal');
    expect(v.subsystems[0]?.mutants.map((m) => m.name)).toEqual(['no-dedup']);
    expect(v.faults.map((f) => f.kind)).toContain('isolate-role');
    expect(v.models.length).toBeGreaterThan(0);
    expect((v.subsystems[0] as unknown as { availability: unknown }).availability).toEqual({ faultsTolerated: 0, boundUs: 1_500_000, writes: ['put', 'append'] });
  });

  it('prints the availability bound of a descriptor that judges it', () => {
    const o = io();
    let text = '';
    o.stdout.on('data', (c: Buffer) => (text += c.toString()));
    expect(listCommand(false, [ideal], o)).toBe(0);
    expect(text).toContain('availability: with at most f = 0 servers out and the network whole, put/append commit within 1.5 s');
  });
});
