/**
 * Nemesis options that are not (yet) fields of the descriptor's
 * `NemesisOptions` (harness/subsystems/descriptor.ts): a descriptor opts in by
 * putting them on its `nemesis` object. Every one is optional and, when
 * absent, leaves the generated schedules exactly as before.
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';

/** Extra, optional nemesis options (see the file comment). */
export interface NemesisExtensions {
  /**
   * Half the 'isolate-role' faults cut the role holder off from the other *servers* only: clients
   * still reach it. A cut-off leader keeps answering what it may answer alone (lease reads) and
   * keeps appending client writes it cannot commit, which a full isolation never shows.
   */
  readonly isolateRoleFromServers?: boolean;
  /**
   * The worst clock skew the stated bound allows, which a lease must survive: with `slowRole`, a
   * drift fault that slows the role holder to −maxDrift also speeds every other server up to
   * +maxDrift; and an 'isolate-role' fault that cuts the holder off from the servers only
   * (`isolateRoleFromServers`) skews the clocks the same way as it fires.
   */
  readonly skewOthers?: boolean;
}

/** The extension options of `d` (all absent when it sets none). */
export function nemesisExtensions(d: SubsystemDescriptor): NemesisExtensions {
  return (d.nemesis ?? {}) as NemesisExtensions;
}
