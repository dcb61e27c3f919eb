// `npm run bench`: runs every suite (or those named on the command line) and prints medians and ratios, then
// the figures that have targets instead of baselines (idle memory, the voice round trip).
import { agentOverheadSuite, fastPathSuite } from "./agent.bench.js";
import { fanoutSuite } from "./fanout.bench.js";
import { footprint } from "./footprint.js";
import { fastPathMatchSuite } from "./fastpath-match.bench.js";
import { report, runSuite, type Suite } from "./harness.js";
import { proxmoxSuite } from "./proxmox.bench.js";
import { registrySuite } from "./registry.bench.js";
import { sshClassifierSuite } from "./ssh-classifier.bench.js";
import { mqttSuite } from "./mqtt.bench.js";
import { startupSuite } from "./startup.bench.js";
import { ttsSuite } from "./tts.bench.js";
import { voiceRoundTrip } from "./voice-roundtrip.js";
import { wyomingSuite } from "./wyoming.bench.js";

const SUITES: Suite[] = [startupSuite, proxmoxSuite, registrySuite, sshClassifierSuite, agentOverheadSuite, fastPathSuite, fastPathMatchSuite, ttsSuite, wyomingSuite, mqttSuite, fanoutSuite];

const wanted = process.argv.slice(2);
const results = [];
for (const suite of SUITES.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  results.push(...(await runSuite(suite)));
}
console.log(report(results));

/** Measured against a target, not a baseline; named "footprint" and "voice" on the command line. */
const FIGURES: Record<string, () => Promise<string[]>> = { footprint, voice: voiceRoundTrip };
for (const [name, figure] of Object.entries(FIGURES)) {
  if (wanted.length === 0 || wanted.includes(name)) console.log((await figure()).join("\n"));
}
