// The household switch: one place that turns everything Jarvis does on its own off. The add-on option is the
// master (off there means off); within it a person may flip it at run time, and that choice is kept across
// restarts.
import type { EventsRepo } from "../store/events.js";
import type { PreferencesRepo } from "../store/preferences.js";

export const SWITCH_PREFERENCE = "runbooks.enabled";

export class HouseholdSwitch {
  constructor(
    private readonly prefs: Pick<PreferencesRepo, "get" | "set">,
    private readonly events: Pick<EventsRepo, "add">,
    /** RUNBOOKS_ENABLED. */
    readonly configured: boolean,
  ) {}

  get enabled(): boolean {
    return this.configured && this.prefs.get<boolean>(SWITCH_PREFERENCE) !== false;
  }

  /** A person's choice; false when the add-on option keeps runbooks off whatever they say. */
  set(enabled: boolean, by: string): boolean {
    if (enabled && !this.configured) return false;
    this.prefs.set(SWITCH_PREFERENCE, enabled);
    this.events.add({
      type: "status",
      source: "user",
      severity: enabled ? "info" : "warning",
      title: enabled ? "Runbooks switched on" : "Runbooks switched off: Jarvis does nothing on its own",
      data: { runbooks_enabled: enabled, by },
    });
    return true;
  }
}
