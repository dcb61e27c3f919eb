// projects (GREEN): the code projects under the configured project folders: what is there, how it is laid
// out, what it is made of, and text search through it. Reading goes through the same sandbox as files.
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { MAX_READ_BYTES, readText } from "./fs-read.js";
import type { Sandbox } from "./sandbox.js";
import { maskSecrets } from "./secret-filter.js";
import { defineTool } from "./tool.js";

const SKIP = new Set(["node_modules", ".git", "dist", "build", ".venv", "venv", "__pycache__", ".next", "target", "coverage", ".cache"]);
const MARKERS: Record<string, string> = {
  "package.json": "node",
  "pyproject.toml": "python",
  "requirements.txt": "python",
  "Cargo.toml": "rust",
  "go.mod": "go",
  "pom.xml": "java",
  "docker-compose.yml": "docker",
  "compose.yaml": "docker",
  "manifest.json": "home-assistant",
  ".git": "git",
};
const MAX_WALK = 5_000;

/** Files under `dir` (skipping build output and dependencies), breadth-first, at most MAX_WALK. */
async function walk(dir: string, maxDepth: number): Promise<{ rel: string; dir: boolean; size: number }[]> {
  const out: { rel: string; dir: boolean; size: number }[] = [];
  let level = [""];
  for (let depth = 0; depth <= maxDepth && level.length > 0 && out.length < MAX_WALK; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (SKIP.has(e.name) || e.isSymbolicLink() || out.length >= MAX_WALK) continue;
        const child = path.join(rel, e.name);
        if (e.isDirectory()) {
          out.push({ rel: child, dir: true, size: 0 });
          next.push(child);
        } else if (e.isFile()) {
          out.push({ rel: child, dir: false, size: (await stat(path.join(dir, child)).catch(() => null))?.size ?? 0 });
        }
      }
    }
    level = next;
  }
  return out;
}

export function projectsTools(sandbox: Sandbox) {
  const project = z.string().min(1).max(4096).describe("Project folder: its name (from list_projects) or absolute path");
  const resolveProject = (p: string) => (p.includes("/") ? sandbox.resolve(p) : findProject(sandbox, p));
  return [
    defineTool({
      name: "list_projects",
      category: "projects",
      description: `The code projects in ${sandbox.list().join(", ")}, with what kind each is.`,
      input: z.object({}),
      tier: "GREEN",
      handler: async () => {
        const projects = [];
        for (const root of sandbox.list()) {
          for (const e of await readdir(root, { withFileTypes: true }).catch(() => [])) {
            if (!e.isDirectory() || SKIP.has(e.name)) continue;
            const names = new Set(await readdir(path.join(root, e.name)).catch(() => []));
            const kinds = [...new Set(Object.entries(MARKERS).filter(([m]) => names.has(m)).map(([, k]) => k))];
            projects.push({ name: e.name, path: path.join(root, e.name), kinds });
          }
        }
        return projects;
      },
    }),
    defineTool({
      name: "get_project_structure",
      category: "projects",
      description: "A project's folders and files as an indented tree (dependencies and build output left out).",
      input: z.object({ project, depth: z.int().min(1).max(6).default(3) }),
      tier: "GREEN",
      handler: async (a) => {
        const dir = await resolveProject(a.project);
        const files = await walk(dir, a.depth - 1);
        const lines = files
          .sort((x, y) => x.rel.localeCompare(y.rel))
          .map((f) => `${"  ".repeat(f.rel.split(path.sep).length - 1)}${path.basename(f.rel)}${f.dir ? "/" : ""}`);
        return { project: dir, tree: lines.join("\n"), entries: files.length, truncated: files.length >= MAX_WALK };
      },
    }),
    defineTool({
      name: "read_project_file",
      category: "projects",
      description: `Read a file of a project (at most ${MAX_READ_BYTES / 1024} KiB; secrets masked).`,
      input: z.object({ project, file: z.string().min(1).describe("Path relative to the project"), offset: z.int().min(0).default(0) }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => readText(sandbox, path.join(await resolveProject(a.project), a.file), { offset: a.offset }),
    }),
    defineTool({
      name: "search_project_files",
      category: "projects",
      description: "Find lines containing a text (case-insensitive) in a project's files.",
      input: z.object({ project, text: z.string().min(2).max(200), limit: z.int().min(1).max(200).default(50) }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => {
        const dir = await resolveProject(a.project);
        const needle = a.text.toLowerCase();
        const matches: { file: string; line: number; text: string }[] = [];
        for (const f of await walk(dir, 12)) {
          if (f.dir || f.size > 1_000_000 || matches.length >= a.limit) continue;
          // A file with other names may be one outside the folders Jarvis may read (read_project_file refuses it).
          if (((await lstat(path.join(dir, f.rel)).catch(() => null))?.nlink ?? 2) > 1) continue;
          const content = await readFile(path.join(dir, f.rel), "utf8").catch(() => "");
          if (content.includes("\0")) continue;
          content.split("\n").forEach((line, i) => {
            if (matches.length < a.limit && line.toLowerCase().includes(needle)) {
              matches.push({ file: f.rel, line: i + 1, text: maskSecrets(line.trim()).text.slice(0, 200) });
            }
          });
        }
        return { project: dir, matches, limited: matches.length >= a.limit };
      },
    }),
    defineTool({
      name: "analyze_project",
      category: "projects",
      description: "What a project is made of: languages by file count and size, manifests, dependencies.",
      input: z.object({ project }),
      tier: "GREEN",
      handler: async (a) => {
        const dir = await resolveProject(a.project);
        const files = (await walk(dir, 12)).filter((f) => !f.dir);
        const languages: Record<string, { files: number; bytes: number }> = {};
        for (const f of files) {
          const ext = path.extname(f.rel).slice(1).toLowerCase() || "(none)";
          languages[ext] ??= { files: 0, bytes: 0 };
          languages[ext].files++;
          languages[ext].bytes += f.size;
        }
        const pkg = await readText(sandbox, path.join(dir, "package.json")).then((r) => JSON.parse(r.text ?? "") as Record<string, Record<string, string>>, () => null);
        return {
          project: dir,
          files: files.length,
          bytes: files.reduce((n, f) => n + f.size, 0),
          languages: Object.fromEntries(Object.entries(languages).sort((x, y) => y[1].files - x[1].files).slice(0, 12)),
          manifests: files.map((f) => f.rel).filter((r) => path.basename(r) in MARKERS),
          node_dependencies: pkg ? Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }) : undefined,
        };
      },
    }),
  ];
}

/** A bare project name is looked for in each project folder, first match wins. */
async function findProject(sandbox: Sandbox, name: string): Promise<string> {
  if (name === "." || name === "..") throw new Error(`"${name}" is not a project name`);
  for (const root of sandbox.list()) {
    const found = await sandbox.resolve(path.join(root, name)).catch(() => null);
    if (found) return found;
  }
  throw new Error(`no project named ${name} in ${sandbox.list().join(", ")}`);
}
