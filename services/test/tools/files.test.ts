import { linkSync, mkdirSync, rmSync, symlinkSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { Store } from "../../src/store/db.js";
import { buildRegistry } from "../../src/tools/build.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import type { ToolOutcome } from "../../src/tools/outcome.js";
import { modelText } from "../../src/tools/outcome.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { tempDir } from "../helpers/jarvis.js";
import { person } from "../helpers/registry.js";

let root: string;
let projects: string;
let outside: string;
let store: Store;
let registry: ToolRegistry;
let server: Server;
let base: string;

beforeAll(async () => {
  const top = tempDir();
  root = path.join(top, "files");
  projects = path.join(top, "projects");
  outside = path.join(top, "outside");
  for (const d of [root, projects, outside, path.join(root, "sub")]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(outside, "secret.txt"), "TOP SECRET outside the sandbox");
  writeFileSync(path.join(root, "notes.txt"), "the backup runs at 02:00\n");
  writeFileSync(
    path.join(root, ".env"),
    "HOST=127.0.0.1\nAPI_KEY=abcdef123456\nDB_PASSWORD=hunter2hunter2\nexport GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n",
  );
  writeFileSync(path.join(root, "id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
  writeFileSync(path.join(root, "blob.bin"), Buffer.from([1, 2, 0, 3, 4]));
  writeFileSync(path.join(root, "big.log"), "x".repeat(200_000));
  symlinkSync(outside, path.join(root, "escape-dir"));
  symlinkSync(path.join(outside, "secret.txt"), path.join(root, "escape-file"));
  symlinkSync(path.join(root, "notes.txt"), path.join(root, "inside-link"));
  const app = path.join(projects, "homelab-api");
  mkdirSync(path.join(app, "src"), { recursive: true });
  mkdirSync(path.join(app, "node_modules", "dep"), { recursive: true });
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "homelab-api", dependencies: { express: "^5" } }));
  writeFileSync(path.join(app, "src", "server.ts"), "const port = 8080;\nexport function listen() { return port; }\n");
  writeFileSync(path.join(app, "node_modules", "dep", "index.js"), "const port = 1;\n");

  server = createServer((req, res) => {
    if (req.url === "/big") {
      res.writeHead(200);
      res.end(Buffer.alloc(3000, 1));
    } else if (req.url === "/file.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("downloaded body");
    } else {
      res.writeHead(404);
      res.end();
    }
  }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { config } = loadConfig({
    JARVIS_OPTIONS_PATH: path.join(top, "none.json"),
    DATA_DIR: top,
    FILE_ROOTS: root,
    PROJECT_ROOTS: projects,
    JARVIS_OVERRIDE_KEY: "override words",
  });
  store = Store.open(path.join(top, "j.db"));
  store.conversations.ensure("c", "test");
  registry = buildRegistry({ config, store, words: new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey), clients: { proxmox: null, homeAssistant: null, frigate: null, searxng: null, ssh: null }, log: pino({ level: "silent" }), secretValues: [] });
});
afterAll(() => {
  store.close();
  server.close();
});

// One turn per call, as the agent runs them: a held call is named in the reply, and the next message approves it.
let turns: ReturnType<typeof person> | undefined;
const run = (name: string, args: unknown, personMessage = "please") => (turns ??= person(registry, store)).run(name, args, personMessage);
const ok = async (name: string, args: unknown, personMessage?: string) => {
  const out = await run(name, args, personMessage);
  expect(out.status, modelText(out)).toBe("ok");
  return (out as Extract<ToolOutcome, { status: "ok" }>).data as any;
};
const refused = async (name: string, args: unknown) => {
  const out = await run(name, args);
  expect(out.status).toBe("error");
  expect(modelText(out)).toMatch(/outside the folders|does not exist|NUL/);
  return out;
};

describe("files tools", () => {
  it("lists, describes and reads inside the folder", async () => {
    const list = await ok("list_directory", { path: root });
    expect(list.entries.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(["sub", "notes.txt", "escape-dir"]));
    expect(list.entries[0]).toMatchObject({ name: "sub", type: "dir" });
    expect(await ok("get_file_info", { path: "notes.txt" })).toMatchObject({ type: "file", size_bytes: 25 });
    expect((await ok("read_file", { path: "notes.txt" })).text).toBe("the backup runs at 02:00\n");
    expect((await ok("read_file", { path: "inside-link" })).text).toContain("backup");
  });

  it("refuses to write through a link that points nowhere yet", async () => {
    symlinkSync(path.join(outside, "not-yet.txt"), path.join(root, "dangling"));
    const out = await run("copy_file", { source: "notes.txt", destination: "dangling", overwrite: true });
    expect(modelText(out)).toMatch(/link to a place that does not exist/);
    expect(existsSync(path.join(outside, "not-yet.txt"))).toBe(false);
  });

  it.each([
    ["../outside/secret.txt"],
    ["sub/../../outside/secret.txt"],
    ["/etc/passwd"],
    ["/etc/../etc/shadow"],
    ["escape-dir/secret.txt"],
    ["escape-file"],
    ["escape-dir"],
    ["notes.txt\0.png"],
    ["/"],
  ])("refuses %j", async (p) => {
    for (const tool of ["read_file", "list_directory", "get_file_info"]) await refused(tool, { path: p });
  });

  it("masks secrets and private keys in what it reads", async () => {
    const env = await ok("read_file", { path: ".env" });
    expect(env.text).toContain("HOST=127.0.0.1");
    for (const secret of ["abcdef123456", "hunter2hunter2", "ghp_abcdefghij"]) expect(env.text).not.toContain(secret);
    expect(env.secrets_masked).toBe(3);
    const key = await ok("read_file", { path: "id_ed25519" });
    expect(key.text).toBe("[redacted private key]\n");
  });

  it("reports binary files without their bytes and caps large reads", async () => {
    expect(await ok("read_file", { path: "blob.bin" })).toMatchObject({ binary: true, size_bytes: 5 });
    const big = await ok("read_file", { path: "big.log" });
    expect(big.text.length).toBe(65_536);
    expect(big.truncated).toBe(true);
    expect((await ok("read_file", { path: "big.log", offset: 199_990 })).text).toBe("x".repeat(10));
  });

  it("fences file contents as untrusted for the model", async () => {
    const out = await run("read_file", { path: "notes.txt" });
    expect(modelText(out)).toMatch(/^<untrusted_data source="read_file">/);
  });
});

describe("transfer tools", () => {
  it("copies inside the folder and refuses either end outside it", async () => {
    expect(await ok("copy_file", { source: "notes.txt", destination: "sub/notes-copy.txt" })).toMatchObject({ size_bytes: 25 });
    expect(readFileSync(path.join(root, "sub/notes-copy.txt"), "utf8")).toContain("backup");
    const again = await run("copy_file", { source: "notes.txt", destination: "sub/notes-copy.txt" });
    expect(modelText(again)).toMatch(/exists; set overwrite/);
    await refused("copy_file", { source: "../outside/secret.txt", destination: "stolen.txt" });
    await refused("copy_file", { source: "notes.txt", destination: "../outside/planted.txt" });
    await refused("copy_file", { source: "notes.txt", destination: "escape-dir/planted.txt" });
    expect(existsSync(path.join(outside, "planted.txt"))).toBe(false);
    expect(existsSync(path.join(root, "stolen.txt"))).toBe(false);
  });

  it("downloads into the folder once approved (the server is on the home network), refusing other schemes", async () => {
    const held = await run("download_file", { url: `${base}/file.txt`, destination: "dl.txt" });
    expect(held).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect(await ok("download_file", { url: `${base}/file.txt`, destination: "dl.txt" }, "JARVIS-EXECUTE")).toMatchObject({ size_bytes: 15 });
    expect(readFileSync(path.join(root, "dl.txt"), "utf8")).toBe("downloaded body");
    expect((await run("download_file", { url: "file:///etc/passwd", destination: "p" })).status).toBe("error");
    await run("download_file", { url: `${base}/file.txt`, destination: "../outside/dl.txt" });
    const outside = await run("download_file", { url: `${base}/file.txt`, destination: "../outside/dl.txt" }, "JARVIS-EXECUTE");
    expect(modelText(outside)).toMatch(/outside the folders/);
    await run("download_file", { url: `${base}/missing`, destination: "m.txt" });
    expect(modelText(await run("download_file", { url: `${base}/missing`, destination: "m.txt" }, "JARVIS-EXECUTE"))).toMatch(/HTTP 404/);
  });
});

describe("delete_file", () => {
  it("holds a file delete for approval and needs the override key for a folder", async () => {
    writeFileSync(path.join(root, "old.txt"), "old");
    const held = await run("delete_file", { path: "old.txt" });
    expect(held).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    mkdirSync(path.join(root, "tree/deep"), { recursive: true });
    const tree = await run("delete_file", { path: "tree", recursive: true });
    expect(tree).toMatchObject({ status: "approval_required", tier: "RED", needs: "override" });
    expect(existsSync(path.join(root, "tree"))).toBe(true);
    // The key counts only as the answer on its own (a longer sentence approves nothing).
    expect((await run("delete_file", { path: "tree", recursive: true }, "override words, delete it")).status).toBe("approval_required");
    const withKey = await run("delete_file", { path: "tree", recursive: true }, "override words");
    expect(withKey.status).toBe("ok");
    expect(existsSync(path.join(root, "tree"))).toBe(false);
    const outsideTry = await run("delete_file", { path: "escape-file" }, "override words");
    expect(outsideTry.status).toBe("approval_required");
  });
});

describe("projects tools", () => {
  it("lists projects with their kinds and shows structure without dependencies", async () => {
    expect(await ok("list_projects", {})).toEqual([{ name: "homelab-api", path: path.join(projects, "homelab-api"), kinds: ["node"] }]);
    const structure = await ok("get_project_structure", { project: "homelab-api" });
    expect(structure.tree).toContain("src/\n  server.ts");
    expect(structure.tree).not.toContain("node_modules");
  });

  it("reads, searches and analyses a project, inside its folder only", async () => {
    expect((await ok("read_project_file", { project: "homelab-api", file: "src/server.ts" })).text).toContain("port = 8080");
    const found = await ok("search_project_files", { project: "homelab-api", text: "PORT =" });
    expect(found.matches).toEqual([{ file: "src/server.ts", line: 1, text: "const port = 8080;" }]);
    const analysis = await ok("analyze_project", { project: "homelab-api" });
    expect(analysis).toMatchObject({ files: 2, node_dependencies: ["express"] });
    expect(Object.keys(analysis.languages)).toEqual(expect.arrayContaining(["ts", "json"]));
    await refused("read_project_file", { project: "homelab-api", file: "../../files/.env" });
    // A hard link inside the project to a file outside it is not searched; secrets in a match are masked.
    linkSync(path.join(outside, "secret.txt"), path.join(projects, "homelab-api/src/linked.ts"));
    writeFileSync(path.join(projects, "homelab-api/src/config.ts"), "export const API_KEY = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';\n");
    const outsideText = readFileSync(path.join(outside, "secret.txt"), "utf8").trim().slice(0, 6);
    expect((await ok("search_project_files", { project: "homelab-api", text: outsideText })).matches).toEqual([]);
    const key = await ok("search_project_files", { project: "homelab-api", text: "API_KEY" });
    expect(key.matches).toHaveLength(1);
    expect(key.matches[0].text).not.toContain("abcdefghijklmnop");
    rmSync(path.join(projects, "homelab-api/src/linked.ts"));
    rmSync(path.join(projects, "homelab-api/src/config.ts"));
    expect((await run("read_project_file", { project: "..", file: "x" })).status).toBe("error");
  });
});
