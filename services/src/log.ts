// pino with two layers of redaction: well-known secret fields by path, and every configured secret value
// wherever it shows up in a line (an error message that quotes a URL with a token, say).
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

const REDACT_PATHS = [
  "password",
  "token",
  "access_token",
  "apiKey",
  "authorization",
  "*.password",
  "*.token",
  "*.access_token",
  "*.apiKey",
  "*.secret",
  "req.headers.authorization",
  "req.headers.cookie",
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function createLogger(opts: {
  level: string;
  secretValues?: readonly string[];
  destination?: DestinationStream;
}): Logger {
  // Very short values would mask ordinary words; they are still redacted by path.
  const secrets = (opts.secretValues ?? []).filter((s) => s.length >= 4);
  const pattern = secrets.length > 0 ? new RegExp(secrets.map(escapeRegExp).join("|"), "g") : null;
  // JSON-escaped forms too, so a secret with a quote or backslash in it is still caught in the output line.
  const jsonPattern =
    secrets.length > 0
      ? new RegExp(secrets.map((s) => escapeRegExp(JSON.stringify(s).slice(1, -1))).join("|"), "g")
      : null;
  return pino(
    {
      level: opts.level,
      base: { name: "jarvis" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      hooks: pattern
        ? {
            streamWrite: (line) => line.replace(pattern, "[redacted]").replace(jsonPattern!, "[redacted]"),
          }
        : {},
    },
    opts.destination ?? pino.destination(1),
  );
}
