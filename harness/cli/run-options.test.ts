import { describe, expect, it } from 'vitest';
import { UsageError } from '../../traces/errors.js';
import { ideal } from '../subsystems/ideal.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { parseRunOptions, parseShard, DEFAULT_SEEDS } from './run-options.js';

const other: SubsystemDescriptor = { ...ideal, name: 'other', mutants: [...ideal.mutants, { name: 'only-here', description: 'x', reach: 'y' }] };
const registry = [ideal, other];

describe('run options', () => {
  it('defaults: every subsystem, the default seed count', () => {
    const o = parseRunOptions({}, registry);
    expect(o.descriptors.map((d) => d.name)).toEqual(['ideal', 'other']);
    expect(o.seeds).toBe(DEFAULT_SEEDS);
    expect(o.shard).toBeUndefined();
  });

  it.each([
    [{ subsystem: 'nope' }, /unknown subsystem "nope" \(known: ideal, other, or all\)/],
    [{ subsystem: 'ideal', mutant: 'zzz' }, /unknown mutant "zzz" for ideal \(valid: no-dedup\)/],
    [{ mutant: 'zzz' }, /unknown mutant "zzz" \(valid: ideal\/no-dedup, other\/no-dedup, other\/only-here\)/],
    [{ mutant: 'no-dedup' }, /ambiguous/],
    [{ seeds: '0' }, /--seeds must be a positive integer/],
    [{ seeds: '-3' }, /--seeds must be a positive integer/],
    [{ seeds: '2.5' }, /--seeds must be a positive integer/],
    [{ seed: 'x' }, /--seed must be a non-negative integer/],
    [{ workers: '-1' }, /--workers must be a non-negative integer \(worker threads; 0 = none\)/],
    [{ workers: 'two' }, /--workers must be a non-negative integer/],
    [{ shard: '0/3' }, /--shard must be I\/N/],
    [{ shard: '4/3' }, /--shard must be I\/N/],
    [{ shard: '1-3' }, /--shard must be I\/N/],
  ])('%j is a usage error', (raw, msg) => {
    expect(() => parseRunOptions(raw, registry)).toThrow(UsageError);
    expect(() => parseRunOptions(raw, registry)).toThrow(msg);
  });

  it('a mutant only one subsystem has picks that subsystem under --subsystem all', () => {
    expect(parseRunOptions({ mutant: 'only-here' }, registry).descriptors.map((d) => d.name)).toEqual(['other']);
  });

  it('--workers N is the number of worker threads, 0 = none, as for quorate check', () => {
    expect(parseRunOptions({ workers: '0' }, registry).workers).toBe(0);
    expect(parseRunOptions({ workers: '1' }, registry).workers).toBe(1);
  });

  it('parses shards', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });
});
