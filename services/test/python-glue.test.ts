// The Home Assistant integration (custom_components/jarvis): its pytest suite (services/test/python) runs with
// Debian's python3-pytest, python3-aiohttp and python3-yaml and starts the real server itself, since one test
// restarts it; here it runs as part of `npm test`. The manifest is checked against the shared schema when present.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(import.meta.dirname, "../..");
const SUITE = path.join(REPO, "services/test/python");
const MANIFEST = path.join(REPO, "custom_components/jarvis/manifest.json");
const SCHEMA = path.resolve(REPO, "../shared/schemas/integration-manifest.schema.json");
// Debian's packages live for the system interpreter, not for a pyenv one that may come first on PATH.
const PYTHON = "/usr/bin/python3";
const PACKAGES = "python3-pytest python3-aiohttp python3-yaml";

const probe = spawnSync(PYTHON, ["-c", "import pytest, aiohttp, yaml"], { encoding: "utf8" });
const pythonMissing = probe.status !== 0;
if (pythonMissing) {
  console.log(`note: ${PYTHON} cannot import pytest, aiohttp and yaml (apt-get install ${PACKAGES}); Python tests skipped`);
}
if (!existsSync(SCHEMA)) console.log(`note: ${SCHEMA} is absent; manifest schema conformance skipped`);

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("custom_components/jarvis", () => {
  it.skipIf(pythonMissing)("passes its pytest suite against the real server", { timeout: 300_000 }, async () => {
    // No plugins from the environment and no cache dir in the checkout.
    const { code, output } = await run(PYTHON, ["-m", "pytest", SUITE, "-q", "-p", "no:cacheprovider", "-o", "addopts="]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/\d+ passed/);
  });

  it.skipIf(!existsSync(SCHEMA))("has a manifest that follows the integration manifest schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
});
