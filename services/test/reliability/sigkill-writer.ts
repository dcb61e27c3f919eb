// Child process for the faults suite: opens the store and writes events as fast as it can, printing each
// committed id on stdout, until it is killed (the suite sends SIGKILL mid-burst) or reaches the count.
import { Store } from "../../src/store/db.js";

const [file, count = "10000"] = process.argv.slice(2);
const store = Store.open(file!);
for (let i = 0; i < Number(count); i++) {
  const row = store.events.add({ type: "status", source: "system", title: `burst ${i}`, data: { i, pad: "x".repeat(200) } });
  process.stdout.write(`${row.id}\n`);
}
store.close();
