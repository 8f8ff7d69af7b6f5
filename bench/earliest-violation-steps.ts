/**
 * `npx tsx bench/earliest-violation-steps.ts`: search steps of `quorate check` with and without
 * witnesses on 60 generated kv histories (2,000 operations, 10 keys, 50 clients, four mutations each,
 * seeds 1-60) and on Porcupine's bad kv histories, with a fingerprint of every witness. Step counts
 * are the same on every machine, so a change to the search for the earliest violation or to witness
 * minimization (harness/check/linearizability.ts, minimize.ts) is compared by them, and the
 * fingerprint shows whether any witness changed.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { generateHistory } from '../harness/workload/gen-history.js';
import { checkOperationsSync } from '../harness/check/linearizability.js';
import { readHistory } from '../traces/read-history.js';
import { kvModel } from '../spec/kv.js';
import type { Operation } from '../traces/history.js';
import { mutateHistory } from './mutate-history.js';
import { porcupineDir } from './porcupine-corpus.js';

let verdictOnly = 0;
let withWitness = 0;
let violating = 0;
const witnesses = createHash('sha1');
for (let seed = 1; seed <= 60; seed++) {
  let ops: Operation[] = generateHistory({ model: 'kv', ops: 2000, keys: 10, clients: 50, seed }).ops.slice();
  const rng = xoroshiro128plus(seed);
  for (let i = 0; i < 4; i++) ops = mutateHistory(ops, rng);
  const bare = checkOperationsSync(ops, kvModel, { minimize: false });
  const full = checkOperationsSync(ops, kvModel);
  if (full.verdict !== 'not-linearizable') continue;
  violating++;
  verdictOnly += bare.stats.steps;
  withWitness += full.stats.steps;
  witnesses.update(JSON.stringify(full.witness));
}
console.log(`generated: ${violating}/60 not linearizable; steps without witnesses ${verdictOnly}, with ${withWitness}; witnesses ${witnesses.digest('hex').slice(0, 12)}`);
const corpus = porcupineDir();
if ('skipped' in corpus) {
  console.log(`Porcupine corpus: ${corpus.skipped}`);
} else {
  const rows: string[] = [];
  for (const f of ['c01-bad', 'c10-bad', 'c50-bad']) {
    const h = await readHistory(path.join(corpus.dir, 'kv', `${f}.txt`));
    rows.push(`${f} ${checkOperationsSync(h.ops, kvModel).stats.steps}`);
  }
  console.log(`Porcupine kv, steps with witnesses: ${rows.join(', ')}`);
}
