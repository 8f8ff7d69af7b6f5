/**
 * The runner's checks of the names a caller passes in: a mutant the
 * descriptor does not list, or a fault kind the nemesis does not know, is a
 * caller's mistake. Without a check an unknown mutant would run the correct
 * code and pass, and an unknown fault kind would fail deep inside schedule
 * generation; instead both throw one typed error naming the bad name and the
 * valid ones (the CLI prints it as one line and exits 2).
 */
import { QuorateError } from '../../traces/errors.js';
import { FAULT_KINDS } from '../nemesis/fault-kinds.js';
import type { ScheduleOptions } from '../nemesis/schedule-arbitrary.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';

/** A name that is not among the valid choices (code `unknown-mutant` or `unknown-fault-kind`). */
export class UnknownChoiceError extends QuorateError {
  static override readonly lineageName: string = 'UnknownChoiceError';
  /** The name that was passed. */
  readonly choice: string;
  /** The names that would have been accepted. */
  readonly valid: readonly string[];
  constructor(code: 'unknown-mutant' | 'unknown-fault-kind', message: string, choice: string, valid: readonly string[]) {
    super(code, message);
    this.name = 'UnknownChoiceError';
    this.choice = choice;
    this.valid = valid;
  }
}

/** Throws unless `mutant` is undefined (the correct code) or one of `d`'s listed mutants. */
export function checkMutant(d: SubsystemDescriptor, mutant: string | undefined): void {
  if (mutant === undefined || d.mutants.some((m) => m.name === mutant)) return;
  const valid = d.mutants.map((m) => m.name);
  throw new UnknownChoiceError('unknown-mutant', `unknown mutant "${mutant}" of ${d.name} (valid: ${valid.join(', ') || 'none'})`, mutant, valid);
}

/** Throws unless every fault kind `opts` names (`kinds`, `force`) is a nemesis fault kind. */
export function checkScheduleOptions(opts: ScheduleOptions): void {
  const named = [...(opts.kinds ?? []), ...(opts.force === undefined ? [] : [opts.force])] as readonly string[];
  const valid = FAULT_KINDS.map((k) => k.kind);
  for (const kind of named) {
    if (!(valid as readonly string[]).includes(kind)) {
      throw new UnknownChoiceError('unknown-fault-kind', `unknown fault kind "${kind}" in the schedule options (valid: ${valid.join(', ')})`, kind, valid);
    }
  }
}
