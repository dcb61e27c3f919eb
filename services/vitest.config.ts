import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
import { notes, suitesMissingTools } from "./test/needs.js";

// Outside CI, suites whose tools this machine lacks are left out with a note saying what to install.
const skipped = process.env.CI ? [] : suitesMissingTools(path.resolve(import.meta.dirname, "test"));
for (const line of notes(skipped, import.meta.dirname)) console.log(line);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...skipped.map((s) => s.file)],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
