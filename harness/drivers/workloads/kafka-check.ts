/**
 * The kafka workload's check (after Jepsen's queue checks as Maelstrom's
 * kafka workload uses them), over every acknowledged `send` (key, offset,
 * msg) and every `poll` answer:
 * - duplicate offsets: two different messages at one offset of a key, or one
 *   message at two offsets (from send acknowledgements and polls together);
 * - non-monotonic offsets: a poll answer whose offsets do not strictly rise,
 *   or a process whose later send on a key got a lower offset;
 * - lost writes: an acknowledged send that a poll invoked after it completed
 *   skipped — the poll started at or below its offset and returned a higher
 *   offset of the key, but not it — or that a final poll (from 0, after the
 *   faults healed) does not return: a final poll must return the whole log;
 * - unexpected messages: a poll returns a message nobody sent to that key.
 */
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { type OpPair, type WorkloadVerdict, describePair } from '../workload.js';

interface Send { readonly key: string; readonly offset: number; readonly msg: string; readonly pair: OpPair }
interface PollView { readonly pair: OpPair; readonly from: Readonly<Record<string, number>>; readonly msgs: Readonly<Record<string, readonly [number, JsonValue][]>> }

/** Judges a kafka history whose final polls start at line `finalLine`. */
export function checkKafka(pairs: readonly OpPair[], finalLine: number): WorkloadVerdict {
  const sends: Send[] = [];
  const attempted = new Set<string>(); // "key\u0000msg"
  const polls: PollView[] = [];
  for (const p of pairs) {
    if (p.invoke.f === 'send') {
      attempted.add(`${p.invoke.key ?? ''}\u0000${JSON.stringify(p.invoke.value)}`);
      if (p.complete?.type === 'ok') {
        const [offset, msg] = p.complete.value as [number, JsonValue];
        sends.push({ key: p.invoke.key ?? '', offset, msg: JSON.stringify(msg), pair: p });
      }
    } else if (p.invoke.f === 'poll' && p.complete?.type === 'ok') {
      polls.push({ pair: p, from: p.invoke.value as Record<string, number>, msgs: p.complete.value as Record<string, [number, JsonValue][]> });
    }
  }
  const found = { duplicate: [] as string[], nonMonotonic: [] as string[], lost: [] as string[], unexpected: [] as string[] };
  // What each (key, offset) holds and where each (key, msg) sits, from acknowledgements, then polls.
  const atOffset = new Map<string, { msg: string; where: string }>();
  const offsetOf = new Map<string, { offset: number; where: string }>();
  const note = (key: string, offset: number, msg: string, where: string): void => {
    const a = atOffset.get(`${key}\u0000${offset}`);
    if (a === undefined) atOffset.set(`${key}\u0000${offset}`, { msg, where });
    else if (a.msg !== msg) found.duplicate.push(`offset ${offset} of key ${key} holds ${a.msg} (${a.where}) and ${msg} (${where})`);
    const b = offsetOf.get(`${key}\u0000${msg}`);
    if (b === undefined) offsetOf.set(`${key}\u0000${msg}`, { offset, where });
    else if (b.offset !== offset) found.duplicate.push(`message ${msg} of key ${key} is at offset ${b.offset} (${b.where}) and at offset ${offset} (${where})`);
  };
  const lastSend = new Map<string, Send>(); // process + key -> its latest acknowledged send
  for (const s of sends) {
    note(s.key, s.offset, s.msg, `send_ok to ${describePair(s.pair)}`);
    const pk = `${s.pair.invoke.process}\u0000${s.key}`;
    const prev = lastSend.get(pk);
    if (prev !== undefined && s.offset <= prev.offset) found.nonMonotonic.push(`process ${s.pair.invoke.process} sent to key ${s.key} and got offset ${prev.offset} (${describePair(prev.pair)}), then offset ${s.offset} (${describePair(s.pair)})`);
    lastSend.set(pk, s);
  }
  for (const v of polls) {
    for (const [key, list] of Object.entries(v.msgs)) {
      for (let i = 0; i < list.length; i++) {
        const [offset, msg] = list[i] as [number, JsonValue];
        const m = JSON.stringify(msg);
        note(key, offset, m, `polled by ${describePair(v.pair)}`);
        if (i > 0 && offset <= (list[i - 1] as [number, JsonValue])[0]) found.nonMonotonic.push(`${describePair(v.pair)}: key ${key} offset ${offset} after offset ${(list[i - 1] as [number, JsonValue])[0]}`);
        if (!attempted.has(`${key}\u0000${m}`)) found.unexpected.push(`${describePair(v.pair)}: key ${key} offset ${offset} holds ${m}, which nobody sent to key ${key}`);
      }
    }
  }
  // Lost writes: skipped by a later poll that read past them, or missing from a final poll's whole log.
  for (const s of sends) {
    for (const v of polls) {
      const list = v.msgs[s.key];
      const from = v.from[s.key];
      if (from === undefined || from > s.offset || v.pair.invokeLine < (s.pair.completeLine ?? Infinity)) continue;
      const offsets = (list ?? []).map((e) => e[0]);
      const final = v.pair.invokeLine >= finalLine;
      if (offsets.includes(s.offset) || (!final && !offsets.some((o) => o > s.offset))) continue;
      found.lost.push(`message ${s.msg} at offset ${s.offset} of key ${s.key}, acknowledged (${describePair(s.pair)}), is missing from ${final ? 'the final poll' : 'a later poll that read past it'}: ${describePair(v.pair)}`);
      break;
    }
  }
  const kinds = Object.entries(found).filter(([, l]) => l.length > 0);
  if (kinds.length > 0) {
    const label: Record<string, string> = { duplicate: 'duplicate offsets', nonMonotonic: 'non-monotonic offsets', lost: 'lost writes', unexpected: 'unexpected messages' };
    return {
      valid: false,
      detail: kinds.map(([k, l]) => `${l.length} ${label[k]}`).join('; ') + ` (${sends.length} acknowledged sends, ${polls.length} polls)`,
      witness: kinds.flatMap(([k, l]) => l.slice(0, 4).map((w) => `${label[k]}: ${w}`)),
    };
  }
  if (!polls.some((v) => v.pair.invokeLine >= finalLine)) return { valid: 'unknown', detail: 'no final poll succeeded, so nothing shows whether acknowledged sends survived' };
  return { valid: true, detail: `${sends.length} acknowledged sends on ${new Set(sends.map((s) => s.key)).size} keys, none lost, offsets unique and monotonic (${polls.length} polls)` };
}
