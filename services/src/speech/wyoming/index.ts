export { DEFAULT_LIMITS, encodeEvent, EventParser, type ParserLimits, type WyomingEvent } from "./codec.js";
export { buildInfo, type InfoOptions } from "./info.js";
export {
  type HandleContext,
  type WyomingHandler,
  WyomingServer,
  type WyomingServerOptions,
  type WyomingStt,
  type WyomingTts,
} from "./server.js";
