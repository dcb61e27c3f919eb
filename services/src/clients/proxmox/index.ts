export { ProxmoxClient, type ProxmoxTuning } from "./client.js";
export { ProxmoxParamError } from "./failures.js";
export type * from "./types.js";
