// How the Proxmox client trusts a node's certificate: a pinned SHA-256 fingerprint, a CA file, the system CAs
// (which refuse a self-signed node), or the explicit insecure option that warns at every start.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientError } from "../../src/clients/errors.js";
import { ProxmoxClient } from "../../src/clients/proxmox/index.js";
import { createLogger } from "../../src/log.js";
import { emulatorClientConfig } from "../emulators/proxmox/config.js";
import { startProxmoxEmulator, type ProxmoxEmulator } from "../emulators/proxmox/index.js";

const WRONG_PIN = Array.from({ length: 32 }, () => "AB").join(":");

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: "info", destination }), lines };
}

async function tlsFailure(p: Promise<unknown>): Promise<ClientError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClientError);
  expect((err as ClientError).kind).toBe("tls");
  return err as ClientError;
}

let emu: ProxmoxEmulator;
beforeAll(async () => {
  emu = await startProxmoxEmulator({ nodes: 1 });
});
afterAll(() => emu.close());

async function withClient<T>(config: Parameters<typeof emulatorClientConfig>[1], use: (c: ProxmoxClient) => Promise<T>) {
  const { log, lines } = capturingLogger();
  const client = new ProxmoxClient(emulatorClientConfig(emu, config), log);
  try {
    return { result: await use(client), lines };
  } finally {
    await client.close();
  }
}

describe("certificate trust", () => {
  it("accepts the node whose certificate matches the pinned fingerprint (in any letter case)", async () => {
    const { result } = await withClient({ fingerprint: emu.fingerprint.toLowerCase() }, (c) => c.clusterStatus());
    expect(result[0]).toMatchObject({ type: "cluster" });
  });

  it("refuses a node whose certificate does not match the pin, before sending the request", async () => {
    emu.resetCounts();
    const { result: err } = await withClient({ fingerprint: WRONG_PIN }, (c) => tlsFailure(c.clusterStatus()));
    expect(err.message).toContain(`presented certificate ${emu.fingerprint}, not the pinned ${WRONG_PIN}`);
    expect(err.explain()).toMatch(/^Proxmox VE presented a certificate that is not trusted/);
    expect(emu.count("GET", "/cluster/status")).toBe(0);
  });

  it("trusts a node whose certificate is signed by the configured CA file", async () => {
    const { result } = await withClient({ fingerprint: null, caFile: emu.certFile }, (c) => c.clusterStatus());
    expect(result.length).toBeGreaterThan(1);
  });

  it("fails with a tls error when the CA file cannot be read", async () => {
    const { result: err } = await withClient({ fingerprint: null, caFile: "/nonexistent/ca.pem" }, (c) =>
      tlsFailure(c.clusterStatus()),
    );
    expect(err.message).toMatch(/cannot read the CA file \/nonexistent\/ca.pem/);
  });

  it("by default trusts only the system CAs, which refuse a self-signed node", async () => {
    const { result: err } = await withClient({ fingerprint: null }, (c) => tlsFailure(c.clusterStatus()));
    expect(err.message).toMatch(/self[- ]signed/i);
  });

  it("the insecure option connects and warns at every start", async () => {
    const { result, lines } = await withClient({ fingerprint: null, insecureTls: true }, (c) => c.clusterStatus());
    expect(result.length).toBeGreaterThan(1);
    expect(lines.filter((l) => l.includes('"level":40') && l.includes("PVE_INSECURE_TLS"))).toHaveLength(1);
    const quiet = await withClient({}, (c) => c.clusterStatus());
    expect(quiet.lines.some((l) => l.includes("PVE_INSECURE_TLS"))).toBe(false);
  });
});
