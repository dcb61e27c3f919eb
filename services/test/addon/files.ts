// Paths and readers the add-on suites share.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const REPO = path.resolve(import.meta.dirname, "../../..");
export const ADDON = path.join(REPO, "addon");
export const SERVICES = path.join(REPO, "services");
export const SHARED_SCHEMA = path.resolve(REPO, "../shared/schemas/addon-config.schema.json");

export const readYaml = (file: string): any => parse(readFileSync(file, "utf8"));
export const addonConfig = (): any => readYaml(path.join(ADDON, "config.yaml"));
