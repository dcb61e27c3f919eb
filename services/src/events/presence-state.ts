// The presence state machine for one person, as a pure function. Hysteresis two ways: someone counts as gone
// only after `awayAfterMs` unseen (a phone asleep for a minute is still home), and the passing states
// (just_left, just_arrived) last at least `cooldownMs`, so a flaky Wi-Fi link cannot make someone leave and
// arrive every scan. The settled states leave as soon as the evidence says so: an arrival is news at once.
export type PresenceState = "unknown" | "present" | "just_arrived" | "just_left" | "away";

export interface PersonPresence {
  state: PresenceState;
  /** Clock time of the last transition (or of the start). */
  changedAt: number;
}

export interface PresenceTiming {
  awayAfterMs: number;
  cooldownMs: number;
}

/**
 * The next state, or null to stay. `lastSeen` is the newest sighting of any of the person's devices (or face);
 * `startedAt` lets an unknown start settle to away once a whole `awayAfterMs` has passed without a sighting.
 * Leaving unknown is quiet (`announce: false`): nothing changed, we just learnt the state.
 */
export function nextPresence(
  p: PersonPresence,
  lastSeen: number | undefined,
  now: number,
  t: PresenceTiming,
): { state: PresenceState; announce: boolean } | null {
  const around = lastSeen !== undefined && now - lastSeen < t.awayAfterMs;
  if (p.state === "unknown") {
    if (around) return { state: "present", announce: false };
    return now - p.changedAt >= t.awayAfterMs ? { state: "away", announce: false } : null;
  }
  const passing = p.state === "just_left" || p.state === "just_arrived";
  if (passing && now - p.changedAt < t.cooldownMs) return null;
  const to: Record<Exclude<PresenceState, "unknown">, PresenceState> = around
    ? { present: "present", just_arrived: "present", just_left: "just_arrived", away: "just_arrived" }
    : { present: "just_left", just_arrived: "just_left", just_left: "away", away: "away" };
  const state = to[p.state];
  return state === p.state ? null : { state, announce: true };
}

export const isHome = (state: PresenceState): boolean | null =>
  state === "unknown" ? null : state === "present" || state === "just_arrived";
