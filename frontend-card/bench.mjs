// Reports the size of each bundle, raw and gzipped, against the card's budget (40 KB gzip without the
// terminal). Builds first so the numbers are for the current source.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildCard } from "./build.mjs";

const BUDGET_KB = 40;
const dist = await buildCard();
const kb = (n) => (n / 1024).toFixed(1);
console.log("bundle               raw KB   gzip KB");
let card = 0;
for (const file of ["jarvis-card.js", "jarvis-terminal.js", "jarvis-wakeword.js"]) {
  const bytes = readFileSync(path.join(dist, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (file === "jarvis-card.js") card = gz;
  console.log(`${file.padEnd(20)} ${kb(bytes.length).padStart(7)} ${kb(gz).padStart(9)}`);
}
const ok = card <= BUDGET_KB * 1024;
console.log(`card without terminal: ${kb(card)} KB gzip of ${BUDGET_KB} KB budget (${((card / (BUDGET_KB * 1024)) * 100).toFixed(0)}%) ${ok ? "ok" : "OVER BUDGET"}`);
if (!ok) process.exitCode = 1;
