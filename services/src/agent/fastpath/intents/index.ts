// Every intent the fast path matches by its words (free-text requests are in freetext.ts).
import { CAMERA_INTENTS } from "./cameras.js";
import { COLOUR_INTENTS } from "./colour.js";
import { CONTROL_INTENTS } from "./control.js";
import { GUEST_INTENTS } from "./guests.js";
import { LAB_INTENTS } from "./lab.js";
import { LEVEL_INTENTS } from "./levels.js";
import { READ_INTENTS } from "./reads.js";
import { STEP_INTENTS } from "./steps.js";
import type { Intent } from "./types.js";

export const INTENTS: readonly Intent[] = [...LAB_INTENTS, ...GUEST_INTENTS, ...CONTROL_INTENTS, ...LEVEL_INTENTS, ...STEP_INTENTS, ...COLOUR_INTENTS, ...READ_INTENTS, ...CAMERA_INTENTS];
