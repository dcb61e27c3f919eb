// The client configuration that points at a running emulator, every node pinned to the emulator's
// certificate (what the demo mode and the tests use). Overrides replace fields, e.g. a wrong pin or a CA file.
import type { ProxmoxNode } from "../../../src/config/index.js";
import type { ProxmoxEmulator } from "./index.js";

export interface EmulatorClientConfig {
  nodes: ProxmoxNode[];
  tokenId: string;
  tokenSecret: string;
  caFile: string | undefined;
  insecureTls: boolean;
}

export function emulatorClientConfig(
  emu: ProxmoxEmulator,
  overrides: Partial<EmulatorClientConfig> & { fingerprint?: string | null } = {},
): EmulatorClientConfig {
  const { fingerprint, ...rest } = overrides;
  return {
    nodes: emu.nodes.map((n) => ({
      name: n.name,
      host: n.host,
      port: n.port,
      ssh_port: 22,
      ...(fingerprint === null ? {} : { fingerprint: fingerprint ?? emu.fingerprint }),
    })),
    tokenId: emu.tokenId,
    tokenSecret: emu.tokenSecret,
    caFile: undefined,
    insecureTls: false,
    ...rest,
  };
}
