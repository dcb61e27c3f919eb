// Every failure of the HA client becomes a ClientError here, in one place: the library's numeric codes
// (auth refused, cannot connect, connection lost) and HA's own error results ({code, message}).
import { ERR_CANNOT_CONNECT, ERR_CONNECTION_LOST, ERR_INVALID_AUTH } from "home-assistant-js-websocket";
import { ClientError, toClientError, type ClientErrorKind } from "../errors.js";

export const SERVICE = "Home Assistant";

// HA's websocket error codes (websocket_api/const.py) by what they mean to us.
const KIND_BY_CODE: Record<string, ClientErrorKind> = {
  not_found: "not_found",
  invalid_format: "bad_request",
  service_validation_error: "bad_request",
  id_reuse: "bad_request",
  unknown_command: "bad_request",
  not_supported: "bad_request",
  not_allowed: "bad_request",
  unauthorized: "auth",
  timeout: "timeout",
};

interface HaErrorPayload {
  code: string | number;
  message?: string;
}

const isPayload = (v: unknown): v is HaErrorPayload =>
  typeof v === "object" && v !== null && "code" in v && (typeof v.code === "string" || typeof v.code === "number");

export function toHaError(err: unknown): ClientError {
  if (err instanceof ClientError) return err;
  if (err === ERR_INVALID_AUTH) return new ClientError(SERVICE, "auth", "the access token was refused");
  if (err === ERR_CANNOT_CONNECT) return new ClientError(SERVICE, "unreachable", "could not open the websocket");
  if (err === ERR_CONNECTION_LOST) return new ClientError(SERVICE, "unreachable", "the connection is down");
  // In-flight commands are rejected with a whole result message when the socket drops; HA's own errors with
  // its error payload.
  const payload = isPayload(err) ? err : typeof err === "object" && err !== null && "error" in err ? err.error : undefined;
  if (isPayload(payload)) {
    if (payload.code === ERR_CONNECTION_LOST) {
      return new ClientError(SERVICE, "unreachable", "the connection dropped before the answer came", { cause: err });
    }
    const kind = KIND_BY_CODE[String(payload.code)] ?? "upstream";
    return new ClientError(SERVICE, kind, `${payload.message ?? "error"} (${payload.code})`, { cause: err });
  }
  return toClientError(SERVICE, err);
}
