// The image workflow runs on every change that ends up in the image: the add-on folder, each workspace the
// build bundles (the server and the card), and the root files that decide how they are built.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, readYaml } from "./files.js";

const WORKFLOW = ".github/workflows/addon-image.yaml";
const on = readYaml(path.join(REPO, WORKFLOW)).on;
const workspaces: string[] = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).workspaces;

describe("the image workflow", () => {
  it("builds pull requests on the same paths as pushes", () => {
    expect(on.pull_request.paths).toEqual(on.push.paths);
    expect(on.push.branches).toEqual(["main"]);
  });

  it("rebuilds on a change to anything the image is built from", () => {
    const inputs = ["addon/**", ...workspaces.map((w) => `${w}/**`), "package.json", "package-lock.json", "tsconfig.json", WORKFLOW];
    expect(on.push.paths).toEqual(expect.arrayContaining(inputs));
  });
});
