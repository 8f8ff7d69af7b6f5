/**
 * What a trace header must satisfy, beyond its schema, before `quorate
 * replay` trusts it: its inputs fit the subsystem (one workload per client,
 * faults on its nodes), they hash to the header's `inputsHash`, and for an
 * unshrunk trace its seed generates exactly them. Otherwise a replay would
 * re-run something else than the file claims and call it byte-identical.
 */
import { InputError } from '../../traces/errors.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { RunInputs } from '../nemesis/schedule.js';
import { canonicalJson, inputsHash } from './inputs-hash.js';
import { inputsForSeed } from './inputs.js';
import { clientIds, serverIds } from './node-ids.js';
import { FAST_CHECK_VERSION, type ReadTrace } from './trace-file.js';
import { VERSION } from '../../traces/version.js';

/** The header's inputs, checked for descriptor `d` (the header's subsystem); throws InputError (exit 2) at line 1 of `file`. */
export function replayableInputs(d: SubsystemDescriptor, recorded: ReadTrace, file: string): RunInputs {
  const h = recorded.header;
  const pos = { file, line: 1 };
  const inputs = h.inputs as unknown as RunInputs;
  if (!Number.isSafeInteger(inputs.worldSeed)) throw new InputError(pos, `"inputs.worldSeed" must be a safe integer (|n| < 2^53), got ${inputs.worldSeed}`, 'bad-inputs');
  const clients = d.cluster.clients;
  if (inputs.workload.length !== clients) {
    throw new InputError(pos, `"inputs.workload" must have one list per client of ${d.name} (${clients}), got ${inputs.workload.length}`, 'bad-inputs');
  }
  const nodes = new Set([...serverIds(d.cluster.servers), ...clientIds(clients)]);
  inputs.schedule.events.forEach((e, i) => {
    const named = [...('node' in e ? [e.node] : []), ...('nodes' in e ? e.nodes : []), ...('order' in e ? e.order : [])];
    const bad = named.find((n) => !nodes.has(n));
    if (bad !== undefined) throw new InputError(pos, `"inputs.schedule.events[${i}]" names node "${bad}", which ${d.name} does not have (${[...nodes].join(' ')})`, 'bad-inputs');
  });
  if (h.inputsHash !== undefined && h.inputsHash !== inputsHash(inputs)) {
    throw new InputError(pos, '"inputs" do not match the header\'s "inputsHash": the inputs were edited after the run', 'inputs-mismatch');
  }
  if (h.shrunk === true && h.inputsHash === undefined) {
    throw new InputError(pos, 'a shrunk trace\'s header must have "inputsHash" (written by quorate run): without it an edit of the inputs cannot be told', 'inputs-mismatch');
  }
  if (h.shrunk !== true) {
    const seed = h.seed as number;
    if (canonicalJson(inputsForSeed(d, seed)) !== canonicalJson(inputs)) {
      const versions = h.quorate === VERSION && h.fastCheck === FAST_CHECK_VERSION
        ? 'the header was edited'
        : `recorded with quorate ${h.quorate} and fast-check ${h.fastCheck ?? '?'}, this is ${VERSION} and ${FAST_CHECK_VERSION}`;
      throw new InputError(pos, `"inputs" are not what seed ${seed} of ${d.name} generates (${versions}); an unshrunk trace replays only from its own seed`, 'inputs-mismatch');
    }
  }
  return inputs;
}
