import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../traces/errors.js';
import { ideal } from '../subsystems/ideal.js';
import { replayCommand } from './replay-command.js';
import { runCommand } from './run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'quorate-replay-header-'));
const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough() });
let shrunk = '';
let unshrunk = '';

/** A copy of trace `text` with its header line edited by `edit`. */
function edited(name: string, text: string, edit: (header: string) => string): string {
  const nl = text.indexOf('\n');
  const p = join(dir, name);
  writeFileSync(p, edit(text.slice(0, nl)) + text.slice(nl));
  return p;
}

/** A header edit that replaces the schedule's events. */
function withEvents(events: readonly object[]): (header: string) => string {
  return (header) => {
    const h = JSON.parse(header) as { inputs: { schedule: { events: readonly object[] } } };
    h.inputs.schedule.events = events;
    return JSON.stringify(h);
  };
}

beforeAll(async () => {
  // ideal's no-dedup mutant fails at seed 2: its traces (unshrunk and shrunk) are the material.
  const code = await runCommand({ subsystem: 'ideal', mutant: 'no-dedup', workers: '0', out: dir }, [ideal], io());
  expect(code).toBe(1);
  unshrunk = readFileSync(join(dir, 'ideal-no-dedup-2.jsonl'), 'utf8');
  shrunk = readFileSync(join(dir, 'ideal-no-dedup-2-shrunk.jsonl'), 'utf8');
}, 60_000);

describe('quorate replay checks the trace header', () => {
  it('traces as written replay byte-identically and fail again (exit 1)', () => {
    for (const name of ['ideal-no-dedup-2.jsonl', 'ideal-no-dedup-2-shrunk.jsonl']) {
      const o = io();
      let out = '';
      o.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      expect(replayCommand(join(dir, name), {}, [ideal], o)).toBe(1);
      expect(out).toMatch(/byte-identical/);
    }
    expect(JSON.parse(shrunk.slice(0, shrunk.indexOf('\n')))).toMatchObject({ seed: 2, shrunk: true, inputsHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });

  it.each([
    ['a worldSeed that is not a number', () => edited('h1.jsonl', shrunk, (h) => h.replace(/"worldSeed":-?\d+/, '"worldSeed":"x"')), /h1\.jsonl:1: "inputs\.worldSeed" must be an integer, got "x"/],
    ['a workload that is not lists', () => edited('h2.jsonl', shrunk, (h) => h.replace('"workload":[[', '"workload":[7,[')), /h2\.jsonl:1: "inputs\.workload\[0\]" must be an array, got 7/],
    ['a fault without its node', () => edited('h3.jsonl', unshrunk, withEvents([{ at: 10, kind: 'heal' }, { at: 20, kind: 'isolate-one' }])), /h3\.jsonl:1: missing property "node" in inputs\.schedule\.events\[1\]/],
    ['a fault on a node the subsystem lacks', () => edited('h4.jsonl', unshrunk, withEvents([{ at: 10, kind: 'isolate-one', node: 'n9' }])), /h4\.jsonl:1: "inputs\.schedule\.events\[0\]" names node "n9", which ideal does not have/],
    ['an unshrunk trace whose seed does not generate its inputs', () => edited('h5.jsonl', unshrunk, (h) => h.replace('"seed":2,', '"seed":3,')), /h5\.jsonl:1: "inputs" are not what seed 3 of ideal generates/],
    ['an unshrunk trace whose inputs were edited (hash gone too)', () => edited('h6.jsonl', unshrunk, (h) => h.replace(/"inputsHash":"[^"]+",/, '').replace(/"thinkUs":(\d+)/, '"thinkUs":1$1')), /h6\.jsonl:1: "inputs" are not what seed 2 of ideal generates/],
    ['a shrunk trace whose inputs were edited', () => edited('h7.jsonl', shrunk, (h) => h.replace(/"thinkUs":(\d+)/, '"thinkUs":1$1')), /h7\.jsonl:1: "inputs" do not match the header's "inputsHash"/],
    ['a shrunk trace without inputsHash', () => edited('h8.jsonl', shrunk, (h) => h.replace(/"inputsHash":"[^"]+",/, '')), /h8\.jsonl:1: a shrunk trace's header must have "inputsHash"/],
  ])('%s: exit 2, the line and field', (_what, make, msg) => {
    const file = make();
    expect(() => replayCommand(file, {}, [ideal], io())).toThrow(InputError);
    expect(() => replayCommand(file, {}, [ideal], io())).toThrow(msg);
  });

  it('replay --out that cannot be used is refused before replaying', () => {
    const aFile = join(dir, 'ideal-no-dedup-2.jsonl');
    expect(() => replayCommand(undefined, { subsystem: 'ideal', seed: '2', out: aFile }, [ideal], io())).toThrow(UsageError);
  });
});
