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
   * Some 'isolate-role' faults cut the role holder off from the other *servers* only: clients
   * still reach it (half of them; with `roleChurn`, a third, a sixth cutting it off from every
   * node). A cut-off leader keeps answering what it may answer alone (lease reads) and keeps
   * appending client writes it cannot commit, which a full isolation never shows.
   */
  readonly isolateRoleFromServers?: boolean;
  /**
   * Such a cut (from the servers only) holds the network this long: partitions and heals that fall
   * in it are skipped (as a Jepsen nemesis finishes one fault before the next), so the cluster has
   * time to elect a leader without the cut-off one. Default: no hold.
   */
  readonly isolateRoleHoldUs?: number;
  /**
   * The worst clock skew the stated bound allows, which a lease must survive: with `slowRole`, a
   * drift fault that slows the role holder to −maxDrift also speeds every other server up to
   * +maxDrift; and an 'isolate-role' fault that cuts the holder off from the servers only
   * (`isolateRoleFromServers`) skews the clocks the same way as it fires.
   */
  readonly skewOthers?: boolean;
  /**
   * Half the 'isolate-role' faults become a *churn* of the role (role-churn.ts): the holder is cut
   * off from the servers; each time another server takes the role it is cut off in turn, 1–10 ms
   * after it took it (3–5 cuts), and the one cut off before becomes the only bridge between the two
   * halves of the remaining servers. A churn starts in the first half of the fault window and holds
   * the network until its last cut: partitions and heals meanwhile are skipped; the final heal ends it.
   */
  readonly roleChurn?: boolean;
}

/** The extension options of `d` (all absent when it sets none). */
export function nemesisExtensions(d: SubsystemDescriptor): NemesisExtensions {
  return (d.nemesis ?? {}) as NemesisExtensions;
}
