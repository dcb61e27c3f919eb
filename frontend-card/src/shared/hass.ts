// The slice of HA's `hass` object the cards read.
import type { HaConnection } from "../transport/ha-transport.js";

export interface HassLike {
  connection: HaConnection;
  user?: { id: string; name?: string; is_admin?: boolean };
  themes?: { darkMode?: boolean };
  language?: string;
  locale?: { language?: string };
}
