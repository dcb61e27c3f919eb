// FastAPI's (pydantic v2) request-validation answers, which XTTS API Server and ElevenLabs both give:
// 422 {"detail": [{type, loc, msg, input}]}.
import { type EmulatedReply, json } from "./control.js";

export interface Issue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

export const missing = (loc: (string | number)[], input: unknown): Issue => ({ type: "missing", loc, msg: "Field required", input });

export const notString = (loc: (string | number)[], input: unknown): Issue => ({
  type: "string_type",
  loc,
  msg: "Input should be a valid string",
  input,
});

export const invalid = (issues: Issue[]): EmulatedReply => json(422, { detail: issues });

/** Parses a JSON object body, or the 422 FastAPI answers for a body that is not one. */
export function jsonBody(body: Buffer): Record<string, unknown> | EmulatedReply {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return invalid([{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {} }]);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return invalid([{ type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from", input: value }]);
  }
  return value as Record<string, unknown>;
}

/** Checks required string fields; the issues for those missing or of the wrong type. */
export function stringFields(body: Record<string, unknown>, required: string[], optional: string[] = []): Issue[] {
  const issues: Issue[] = [];
  for (const name of [...required, ...optional]) {
    const v = body[name];
    if (v === undefined || v === null) {
      if (required.includes(name)) issues.push(missing(["body", name], body));
    } else if (typeof v !== "string") issues.push(notString(["body", name], v));
  }
  return issues;
}

export const isReply = (v: unknown): v is EmulatedReply =>
  typeof v === "object" && v !== null && "status" in v && "headers" in v && "body" in v;
