// Jarvis with a model, for the Python tests that need one: the demo's home lab, the Anthropic emulator
// answering from the rules below, and the real server, all on 127.0.0.1. An emulated Supervisor stands in
// for the add-on's (it takes the services addon/config.yaml lists), and Jarvis announces itself to it as the
// add-on does, so the HA double can read the discovery messages. Once it listens and has announced, it
// prints one JSON line {"ready": true, "url", "port", "supervisor": {"url", "core_token"}, "control"} and
// writes the same to JARVIS_READY_FILE when that is set; SIGTERM stops it. `control` takes POST /events with
// an event for Jarvis's events table (an alert as the cameras or the cluster monitor would raise it). Environment as for the demo (PORT, DATA_DIR,
// JARVIS_PASSWORD, INTEGRATION_TOKEN...).
//
// The model's rules, by the last message it is sent:
// - tool results: it answers "Done: <tool names>."
// - a forced tool (an AI task's structured answer): it fills the tool's schema, naming what the attached
//   image shows; without an image it says it saw none, so a test can tell an attachment was lost;
// - "check the cluster and the containers": it calls get_cluster_status and get_containers together;
// - "stop vm 105 and show the storage": stop_vm (held for approval) and get_storage together;
// - anything else: one sentence.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { parse } from "yaml";
import { AddonDiscovery } from "../../src/addon/discovery.js";
import { startJarvis } from "../../src/app.js";
import { resolveCredentials } from "../../src/config/credentials.js";
import { loadConfig } from "../../src/config/index.js";
import { startAnthropicEmulator, type Step } from "../emulators/anthropic/index.js";
import { startHomeLab } from "../emulators/home-lab.js";
import { startSupervisor } from "../emulators/supervisor/index.js";

const ADDON_CONFIG = path.resolve(import.meta.dirname, "../../../addon/config.yaml");

/** What the scripted model "sees" in an image; a test compares the AI task's answer with it. */
export const SEEN = "a person in a red jacket at the front door";

type Block = { type: string; text?: string; source?: unknown; content?: unknown };

function blocksOf(message: { content: unknown } | undefined): Block[] {
  if (!message) return [];
  return typeof message.content === "string" ? [{ type: "text", text: message.content }] : (message.content as Block[]);
}

/** A value of the JSON schema's type, saying what the scripted model saw. */
function valueFor(schema: Record<string, unknown>, sawImage: boolean): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case "boolean":
      return sawImage;
    case "integer":
    case "number":
      return sawImage ? 1 : 0;
    case "array":
      return [valueFor((schema.items ?? {}) as Record<string, unknown>, sawImage)];
    case "object":
      return fill(schema, sawImage);
    default:
      return sawImage ? SEEN : "no image was attached";
  }
}

function fill(schema: Record<string, unknown>, sawImage: boolean): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, valueFor(field, sawImage)]));
}

export function scriptedReply(body: any): Step {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const last = messages.at(-1);
  const blocks = blocksOf(last);
  const results = blocks.filter((b) => b.type === "tool_result");
  if (results.length > 0) {
    const asked = blocksOf(messages.at(-2)).filter((b) => b.type === "tool_use") as unknown as { name: string }[];
    return { text: `Done: ${asked.map((c) => c.name).join(" and ")}.` };
  }
  if (body.tool_choice?.type === "tool") {
    const tool = (body.tools ?? []).find((t: { name: string }) => t.name === body.tool_choice.name);
    const sawImage = messages.some((m) => blocksOf(m).some((b) => b.type === "image"));
    return { toolCalls: [{ name: body.tool_choice.name, input: fill(tool?.input_schema ?? {}, sawImage) }] };
  }
  const text = blocks.flatMap((b) => (b.type === "text" && b.text ? [b.text.toLowerCase()] : [])).join(" ");
  if (text.includes("check the cluster and the containers")) {
    return { text: "Checking both.", toolCalls: [{ name: "get_cluster_status", input: {} }, { name: "get_containers", input: {} }] };
  }
  if (text.includes("stop vm 105 and show the storage")) {
    return { toolCalls: [{ name: "stop_vm", input: { vmid: 105 } }, { name: "get_storage", input: {} }] };
  }
  return { text: "I am the scripted model." };
}

async function main(): Promise<void> {
  const lab = await startHomeLab({ taskMs: 200 });
  const anthropic = await startAnthropicEmulator({ fallback: scriptedReply });
  const loaded = loadConfig({
    ...process.env,
    JARVIS_OPTIONS_PATH: "/nonexistent/jarvis-scripted-options.json",
    ...lab.env,
    ANTHROPIC_API_KEY: anthropic.apiKey,
    ANTHROPIC_BASE_URL: anthropic.url,
    MQTT_BROKER_URL: undefined,
    SSH_KEY_PATH: undefined,
    SUPERVISOR_TOKEN: undefined,
  });
  const jarvis = await startJarvis(loaded);
  // The add-on's hostname on HA's network is 127.0.0.1 here, so what Jarvis announces is reachable.
  const { discovery } = parse(readFileSync(ADDON_CONFIG, "utf8")) as { discovery: string[] };
  const supervisor = await startSupervisor({ addon: { hostname: "127.0.0.1", discovery } });
  const credentials = resolveCredentials(loaded.config);
  const announcing = new AddonDiscovery(
    { token: supervisor.token, baseUrl: supervisor.url, httpPort: jarvis.port, wyomingPort: null, integrationToken: credentials.integrationToken, mcpToken: credentials.mcpToken },
    jarvis.log,
  );
  await announcing.done;
  const control = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/events") return void res.writeHead(404).end();
      try {
        const row = jarvis.store.events.add(JSON.parse(body));
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(row));
      } catch (err) {
        res.writeHead(400, { "content-type": "text/plain" }).end(err instanceof Error ? err.message : String(err));
      }
    });
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const controlPort = (control.address() as { port: number }).port;
  const ready = {
    ready: true,
    url: `http://127.0.0.1:${jarvis.port}`,
    port: jarvis.port,
    supervisor: { url: supervisor.url, core_token: supervisor.coreToken },
    control: `http://127.0.0.1:${controlPort}`,
  };
  if (process.env.JARVIS_READY_FILE) writeFileSync(process.env.JARVIS_READY_FILE, JSON.stringify(ready));
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = () =>
    void announcing
      .close()
      .then(() => new Promise((resolve) => control.close(resolve)))
      .then(() => jarvis.stop())
      .then(() => Promise.allSettled([anthropic.close(), lab.close(), supervisor.close()]))
      .then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1]?.endsWith("scripted_jarvis.ts")) {
  main().catch((err: unknown) => {
    process.stderr.write(`scripted jarvis: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
