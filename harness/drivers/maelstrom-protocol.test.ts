import { describe, expect, it } from 'vitest';
import { ERROR_CODES, clientId, isDefinite, parseNodeLine, serverIds } from './maelstrom-protocol.js';
import { splitCommand } from './split-command.js';
import { topology } from './workloads/broadcast-topology.js';

describe('Maelstrom protocol', () => {
  it('names nodes n0.. and clients c0.. as Maelstrom code does', () => {
    expect(serverIds(3)).toEqual(['n0', 'n1', 'n2']);
    expect(clientId(0)).toBe('c0');
  });

  it('treats exactly the registered definite codes as fail, everything else as info', () => {
    const definite = [1, 10, 11, 12, 14, 20, 21, 22, 30];
    for (const c of definite) expect(isDefinite(c)).toBe(true);
    for (const c of [0, 13, 2, 23, 1000, -1, '11', null]) expect(isDefinite(c)).toBe(false);
    expect(ERROR_CODES.filter((e) => e.definite).map((e) => e.code)).toEqual(definite);
  });

  it('reads a well-formed envelope and says what is wrong with a bad one', () => {
    const ok = parseNodeLine('{"src":"n1","dest":"c3","body":{"type":"echo_ok","in_reply_to":2,"echo":"x"}}', 'n1');
    expect(ok).toEqual({ ok: true, msg: { src: 'n1', dest: 'c3', body: { type: 'echo_ok', in_reply_to: 2, echo: 'x' } } });
    const bad = (line: string) => {
      const r = parseNodeLine(line, 'n1');
      return r.ok ? 'ok' : r.problem;
    };
    expect(bad('hello')).toMatch(/^not JSON: hello/);
    expect(bad('[1]')).toMatch(/not a JSON object/);
    expect(bad('{"dest":"c1","body":{"type":"x"}}')).toMatch(/"src" must be a string/);
    expect(bad('{"src":"n2","dest":"c1","body":{"type":"x"}}')).toMatch(/"src" must be its own id "n1", got "n2"/);
    expect(bad('{"src":"n1","body":{"type":"x"}}')).toMatch(/"dest" must be a string/);
    expect(bad('{"src":"n1","dest":"c1","body":"x"}')).toMatch(/"body" must be an object/);
    expect(bad('{"src":"n1","dest":"c1","body":{}}')).toMatch(/"body.type" must be a string/);
    expect(bad('{"src":"n1","dest":"c1","body":{"type":"a","msg_id":"7"}}')).toMatch(/msg_id" must be an integer/);
    expect(bad('{"src":"n1","dest":"c1","body":{"type":"a","in_reply_to":1.5}}')).toMatch(/in_reply_to" must be an integer/);
  });
});

describe('splitCommand', () => {
  it('splits like a shell, without one', () => {
    expect(splitCommand('node my-node.js')).toEqual(['node', 'my-node.js']);
    expect(splitCommand(`python3 -c 'print("a b")'  "x y" z\\ w`)).toEqual(['python3', '-c', 'print("a b")', 'x y', 'z w']);
    expect(splitCommand('echo $HOME;ls')).toEqual(['echo', '$HOME;ls']);
    expect(() => splitCommand('')).toThrow(/empty command/);
    expect(() => splitCommand("node 'x")).toThrow(/unterminated '/);
  });
});

describe('broadcast topologies', () => {
  it('match Maelstrom\'s grid, line and tree', () => {
    const n = serverIds(5);
    expect(topology('grid', n)).toEqual({ n0: ['n3', 'n1'], n1: ['n4', 'n2', 'n0'], n2: ['n1'], n3: ['n0', 'n4'], n4: ['n1', 'n3'] });
    expect(topology('line', n)['n2']).toEqual(['n1', 'n3']);
    expect(topology('tree2', n)).toEqual({ n0: ['n1', 'n2'], n1: ['n0', 'n3', 'n4'], n2: ['n0'], n3: ['n1'], n4: ['n1'] });
  });
});
