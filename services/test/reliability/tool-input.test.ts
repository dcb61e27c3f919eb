// Hostile arguments for the files, transfer, projects and system tools, through the real registry with a
// real sshd: nothing outside the configured folders is read, written or deleted, and no injected shell runs
// unapproved. Judged by the disk: the tree outside the roots (secret, markers, victims) must not change.
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClients, closeClients, type Clients } from "../../src/clients/build.js";
import { loadConfig } from "../../src/config/index.js";
import { IntegrationStatus } from "../../src/status.js";
import { Store } from "../../src/store/db.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { buildRegistry } from "../../src/tools/build.js";
import { serialise, type ToolOutcome } from "../../src/tools/outcome.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { loadShellParser } from "../../src/tools/shell/parser.js";
import { classifyCommand } from "../../src/tools/ssh-classifier.js";
import { tempDir } from "../helpers/jarvis.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";
import { Figures } from "./figures.js";
import { pathCases, serviceCases, shellTricks, transferCases, UNRUNNABLE_TRICKS, type Layout, type ToolInputCase } from "./tool-input-corpus.js";

const OVERRIDE = "tool-input-override-key-5150";
const SECRET = "zq-secret";

let sshd: TestSshd;
let clients: Clients;
let store: Store;
let registry: ToolRegistry;
let layout: Layout;
let web: Server;
let webUrl: string;
const log = pino({ level: "silent" });
const escapes = new Figures("tool-input (paths, symlinks, shell)");
const classifier = new Figures("tool-input (commands classified, not run)");
const ssrf = new Figures("tool-input (download_file of a home-network address)");

beforeAll(async () => {
  expect(await loadShellParser()).toBeNull();
  sshd = await startSshd();
  const top = tempDir("jarvis-tool-input-");
  const dir = (...p: string[]) => (mkdirSync(path.join(top, ...p), { recursive: true }), path.join(top, ...p));
  web = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("router admin page: password=hunter2\n"));
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  layout = { top, files: dir("files"), projects: dir("projects"), share: dir("node-share"), outside: dir("outside"), webUrl };
  const { files, projects, share, outside } = layout;
  writeFileSync(path.join(top, "secret.txt"), `${SECRET} top\n`);
  writeFileSync(path.join(dir("files-evil"), "secret2.txt"), `${SECRET} evil\n`);
  writeFileSync(path.join(outside, "victim.txt"), "victim\n");
  writeFileSync(path.join(outside, "inplace.txt"), "aaa\n");
  writeFileSync(path.join(dir("outside", "linked-dir"), "inner.txt"), `${SECRET} inner\n`);
  writeFileSync(path.join(files, "a.txt"), "inside\n");
  dir("files", "sub");
  symlinkSync(path.join(top, "secret.txt"), path.join(files, "link-out"));
  symlinkSync(path.join(outside, "linked-dir"), path.join(files, "link-dir-out"));
  symlinkSync(path.join(outside, "created-by-dangling"), path.join(files, "dangling"));
  symlinkSync(path.join(outside, "created-by-download"), path.join(files, "dangling2"));
  writeFileSync(path.join(dir("projects", "proj1", "src"), "index.ts"), "export {};\n");
  writeFileSync(path.join(projects, "proj1", "package.json"), '{"name":"proj1"}');
  symlinkSync(path.join(top, "secret.txt"), path.join(projects, "proj1", "evil-link"));
  symlinkSync(path.join(outside, "linked-dir"), path.join(projects, "proj2"));
  writeFileSync(path.join(share, "vm.conf"), "cores: 4\n");
  symlinkSync(path.join(top, "secret.txt"), path.join(share, "sneaky-link"));
  symlinkSync(path.join(outside, "node-created"), path.join(share, "dangling-node"));

  const { config } = loadConfig({
    JARVIS_OPTIONS_PATH: path.join(top, "none.json"),
    DATA_DIR: path.join(top, "files"),
    PVE_NODES: JSON.stringify([
      { name: "pve1", host: "127.0.0.1", ssh_port: sshd.port },
      { name: "pve2", host: "127.0.0.1", ssh_port: sshd.port },
    ]),
    SSH_KEY_PATH: sshd.keyPath,
    SSH_KNOWN_HOSTS: sshd.knownHostsPath,
    FILE_ROOTS: files,
    PROJECT_ROOTS: projects,
    NODE_TRANSFER_ROOTS: share,
    JARVIS_OVERRIDE_KEY: OVERRIDE,
  });
  clients = buildClients(config, log, new IntegrationStatus(config));
  store = Store.open(path.join(top, "j.db"));
  store.conversations.ensure("c", "test");
  registry = buildRegistry({ config, store, clients, words: new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey), log, secretValues: [] });
}, 60_000);

afterAll(async () => {
  escapes.print();
  classifier.print();
  ssrf.print();
  await closeClients(clients);
  store?.close();
  await new Promise((r) => web?.close(r));
  await sshd?.stop();
  if (layout) rmSync(layout.top, { recursive: true, force: true });
});

/** Everything outside the roots, with content hashes: any change is an escape. */
function snapshot(): string {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const name of readdirSync(p).sort()) {
      const full = path.join(p, name);
      if ([layout.files, layout.projects, layout.share, path.join(layout.top, "j.db")].some((r) => full.startsWith(r))) continue;
      const s = lstatSync(full);
      if (s.isDirectory()) {
        out.push(`${full}/`);
        walk(full);
      } else out.push(`${full} ${s.isFile() ? createHash("sha1").update(readFileSync(full)).digest("hex") : "link"}`);
    }
  };
  walk(layout.top);
  return out.join("\n");
}

let clock = 0;
/** As an MCP client (no approval possible), or approved by the person's keyword and override key. */
async function call(c: ToolInputCase): Promise<ToolOutcome> {
  const at = () => new Date(Date.now() + ++clock);
  const mcp = { actor: "mcp", channel: "mcp" as const, personMessage: null };
  if (!c.approved) return registry.execute({ name: c.tool, args: c.args }, mcp);
  const first = await registry.execute({ name: c.tool, args: c.args }, { actor: "sam", admin: true, channel: "agent", conversationId: "c", personMessage: "do it", messageAt: at() });
  if (first.status !== "approval_required") return first;
  // Jarvis's reply named the held call; the person (an admin) answers with both words.
  registry.offer("c", [first.actionId]);
  await new Promise((r) => setTimeout(r, 3));
  const [approved] = await registry.approveFromMessage({ actor: "sam", admin: true, channel: "agent", conversationId: "c", personMessage: `JARVIS-EXECUTE ${OVERRIDE}`, messageAt: at() });
  return approved ?? first;
}

/** Output that shows what lies outside the roots: the secret's text, its name, or a system file's. */
const leaks = (o: ToolOutcome) => o.status === "ok" && /zq-secret|secret\.txt|secret2|files-evil|outside|root:[x*!]/.test(serialise(o.data).text);

async function attempt(c: ToolInputCase): Promise<void> {
  const before = snapshot();
  const outcome = await call(c);
  const after = snapshot();
  const changed = before !== after;
  const diff = changed ? after.split("\n").filter((l) => !before.includes(l)).slice(0, 2).join(", ") : "";
  escapes.record(c.name, !changed && !leaks(outcome), [outcome.status, diff, leaks(outcome) ? serialise((outcome as { data: unknown }).data).text.slice(0, 120) : ""].filter(Boolean).join(" "));
}

describe("tool input", () => {
  // Found by this suite and fixed in the server: a dangling symlink inside a root let copy_file (overwrite)
  // and download_file write outside it; execute_ssh's classifier called GREEN several commands that write
  // files or run others (env, awk pipes, sed w/e/-ni/--in, find -fls, sort --out, uniq OUT, >&file).
  it("lets no path, symlink or shell trick out of the sandbox (>= 80 cases)", async () => {
    const mark = (n: number) => path.join(layout.outside, `m-${n}`);
    const shell = shellTricks(mark, path.join(layout.outside, "inplace.txt")).map((command) => ({ name: `execute_ssh ${JSON.stringify(command)}`, tool: "execute_ssh", args: { node: "pve1", command } }));
    const cases = [...pathCases(layout), ...transferCases(layout, mark), ...serviceCases(mark), ...shell];
    expect(cases.length).toBeGreaterThanOrEqual(80);
    for (const c of cases) await attempt(c);
    expect(escapes.lost).toEqual([]);
  }, 120_000);

  it("classifies commands that change addresses, links or the clock above GREEN", () => {
    for (const command of UNRUNNABLE_TRICKS) {
      const { tier } = classifyCommand(command);
      classifier.record(command, tier !== "GREEN", tier);
    }
    expect(classifier.lost).toEqual([]);
  });

  // Found by this suite (issue 11, finding 5), fixed in the server: fetch_webpage needs approval for home-network addresses, download_file
  // does not, so the same page can be fetched unapproved into a file and read back.
  it("holds download_file of a home-network address for approval, like fetch_webpage", async () => {
    const outcome = await call({ name: "download", tool: "download_file", args: { url: `${webUrl}/admin`, destination: "router.txt" } });
    ssrf.record(`download_file ${webUrl}/admin`, outcome.status !== "ok", outcome.status);
    expect(ssrf.lost).toEqual([]);
  });
});
