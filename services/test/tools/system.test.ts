// System and node-transfer tools against a real sshd on 127.0.0.1: injection and escapes are checked by
// their side effects on this machine (marker files that must not appear).
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClients, closeClients, type Clients } from "../../src/clients/build.js";
import { loadConfig } from "../../src/config/index.js";
import { IntegrationStatus } from "../../src/status.js";
import { Store } from "../../src/store/db.js";
import { buildRegistry } from "../../src/tools/build.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { modelText } from "../../src/tools/outcome.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";
import { tempDir } from "../helpers/jarvis.js";
import { person } from "../helpers/registry.js";

let sshd: TestSshd;
let clients: Clients;
let store: Store;
let registry: ToolRegistry;
let local: string;
let remote: string;
let marker: string;
const log = pino({ level: "silent" });

beforeAll(async () => {
  sshd = await startSshd();
  const top = tempDir();
  local = path.join(top, "local");
  remote = path.join(top, "node-share");
  marker = path.join(top, "INJECTED");
  mkdirSync(local);
  mkdirSync(remote);
  writeFileSync(path.join(local, "report.txt"), "weekly report");
  writeFileSync(path.join(remote, "vm.conf"), "cores: 4");
  writeFileSync(path.join(top, "private.txt"), "not for transfer");
  symlinkSync(path.join(top, "private.txt"), path.join(remote, "sneaky-link"));
  const nodes = [
    { name: "pve1", host: "127.0.0.1", ssh_port: sshd.port, mac: "aa:bb:cc:dd:ee:01" },
    { name: "pve2", host: "127.0.0.1", ssh_port: sshd.port },
  ];
  const { config } = loadConfig({
    JARVIS_OPTIONS_PATH: path.join(top, "none.json"),
    DATA_DIR: top,
    PVE_NODES: JSON.stringify(nodes),
    SSH_KEY_PATH: sshd.keyPath,
    SSH_KNOWN_HOSTS: sshd.knownHostsPath,
    FILE_ROOTS: local,
    NODE_TRANSFER_ROOTS: remote,
    PROTECTED_SERVICES: "pve-cluster,sshd",
  });
  clients = buildClients(config, log, new IntegrationStatus(config));
  store = Store.open(path.join(top, "j.db"));
  registry = buildRegistry({ config, store, words: new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey), clients, log, secretValues: [] });
  ({ run, ok } = person(registry, store));
});
afterAll(async () => {
  await closeClients(clients);
  store.close();
  await sshd.stop();
});

let run: ReturnType<typeof person>["run"];
let ok: ReturnType<typeof person>["ok"];

describe("execute_ssh", () => {
  it("runs a read-only command at once and fences its output", async () => {
    const out = await run("execute_ssh", { node: "pve1", command: "uname -s" });
    expect((out as { data: { stdout: string } }).data.stdout.trim()).toBe("Linux");
    expect(modelText(out)).toMatch(/^<untrusted_data source="execute_ssh">/);
  });

  it("holds a changing command until the keyword, then runs exactly it", async () => {
    const command = `uptime; touch ${marker}`;
    expect(await run("execute_ssh", { node: "pve1", command })).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(existsSync(marker)).toBe(false);
    // A different command in the approving turn is a new action, not the approved one.
    expect(await run("execute_ssh", { node: "pve1", command: `${command}; echo extra` }, "JARVIS-EXECUTE")).toMatchObject({ status: "approval_required" });
    expect(existsSync(marker)).toBe(false);
    // The keyword approves only what the reply just before it named: the first command needs naming again.
    expect(await run("execute_ssh", { node: "pve1", command }, "jarvis execute")).toMatchObject({ status: "approval_required" });
    expect(existsSync(marker)).toBe(false);
    await ok("execute_ssh", { node: "pve1", command }, "jarvis execute");
    expect(existsSync(marker)).toBe(true);
  });

  it("refuses destructive commands without the override key, and never runs BLACK ones", async () => {
    expect(await run("execute_ssh", { node: "pve1", command: "reboot" }, "JARVIS-EXECUTE")).toMatchObject({ status: "refused", tier: "RED" });
    expect(await run("execute_ssh", { node: "pve1", command: "echo hi; rm -rf /" }, "JARVIS-EXECUTE")).toMatchObject({ status: "refused", tier: "BLACK" });
  });

  it("refuses unknown nodes", async () => {
    expect((await run("execute_ssh", { node: "pve9", command: "uptime" })).status).toBe("error");
  });
});

describe("service, package and power tools", () => {
  it.each([
    ["restart_service", { node: "pve1", service: `frigate; touch ${"MARK"}` }],
    ["manage_service", { node: "pve1", service: "$(touch MARK)", action: "status" }],
    ["install_package", { node: "pve1", package: "htop && touch MARK" }],
    ["install_package", { node: "pve1", package: "-oAPT::Update::Pre-Invoke::=touch" }],
  ])("%s rejects shell in its names before anything runs", async (name, args) => {
    const text = JSON.stringify(args).replace(/MARK/g, marker);
    const out = await run(name, JSON.parse(text), "JARVIS-EXECUTE");
    expect(out.status).toBe("error");
    expect(modelText(out)).toMatch(/invalid arguments/);
  });

  it("gives services their tiers: status at once, stop held, protected ones RED or BLACK", async () => {
    expect(await run("manage_service", { node: "pve1", service: "cron", action: "status" })).toMatchObject({ status: "ok", tier: "GREEN" });
    expect(await run("manage_service", { node: "pve1", service: "cron", action: "stop" })).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(await run("restart_service", { node: "pve1", service: "frigate" })).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(await run("restart_service", { node: "pve1", service: "pve-cluster.service" })).toMatchObject({ tier: "RED" });
    expect(await run("manage_service", { node: "pve1", service: "sshd", action: "stop" })).toMatchObject({ status: "refused", tier: "BLACK" });
    expect(await run("install_package", { node: "pve1", package: "htop" })).toMatchObject({ status: "approval_required" });
    expect(await run("reboot_node", { node: "pve1" }, "JARVIS-EXECUTE")).toMatchObject({ status: "refused", tier: "RED" });
  });

  it("wakes a node through another node, and says what is missing", async () => {
    const noMac = await run("wake_node", { node: "pve2" });
    expect(modelText(noMac)).toMatch(/no MAC address is configured for pve2/);
    const hasWol = existsSync("/usr/bin/wakeonlan") || existsSync("/usr/sbin/etherwake");
    const woke = await run("wake_node", { node: "pve1" });
    if (hasWol) expect(woke.status).toBe("ok");
    else expect(modelText(woke)).toMatch(/pve2 could not send the packet: neither wakeonlan nor etherwake is installed/);
  });

  it("lists the network neighbours a node sees", async () => {
    const data = await ok("scan_network_devices", { node: "pve1" });
    expect(data.node).toBe("pve1");
    expect(Array.isArray(data.devices)).toBe(true);
  });
});

describe("transfer_file", () => {
  it("copies to and from a node inside the folders on both ends", async () => {
    await ok("transfer_file", { node: "pve1", direction: "to_node", local_path: "report.txt", node_path: path.join(remote, "report.txt") });
    expect(readFileSync(path.join(remote, "report.txt"), "utf8")).toBe("weekly report");
    await ok("transfer_file", { node: "pve1", direction: "from_node", local_path: "vm.conf", node_path: path.join(remote, "vm.conf") });
    expect(readFileSync(path.join(local, "vm.conf"), "utf8")).toBe("cores: 4");
  });

  it.each([
    ["from_node", "stolen.txt", "/etc/hostname"],
    ["from_node", "stolen2.txt", "REMOTE/../private.txt"],
    ["from_node", "stolen3.txt", "REMOTE/sneaky-link"],
    ["to_node", "report.txt", "/etc/jarvis-planted"],
    ["to_node", "report.txt", "REMOTE/../planted.txt"],
    ["to_node", "../../etc/passwd", "REMOTE/passwd"],
    ["to_node", "report.txt", "relative/path.txt"],
  ])("refuses %s %s <-> %s", async (direction, localPath, nodePath) => {
    const out = await run("transfer_file", { node: "pve1", direction, local_path: localPath, node_path: nodePath.replace("REMOTE", remote) });
    expect(out.status).toBe("error");
    expect(modelText(out)).toMatch(/outside the folders|must be an absolute path|does not exist/);
    expect(existsSync("/etc/jarvis-planted")).toBe(false);
    expect(existsSync(path.join(local, localPath))).toBe(localPath === "report.txt");
  });
});
