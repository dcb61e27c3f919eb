// Anthropic's error envelope: {"type":"error","error":{"type","message"},"request_id"}, with the error type
// that belongs to each HTTP status (docs: API errors).
import { randomId, type ErrorSpec } from "../llm-script.js";

const TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const MESSAGES: Record<string, string> = {
  rate_limit_error: "Number of requests has exceeded your per-minute rate limit. Please try again later.",
  api_error: "Internal server error",
  overloaded_error: "Overloaded",
  timeout_error: "Request timeout",
};

export function errorType(status: number): string {
  return TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** The `error` object (also the payload of an SSE `error` event). */
export function errorObject(status: number, message?: string): { type: string; message: string } {
  const type = errorType(status);
  return { type, message: message ?? MESSAGES[type] ?? "Error" };
}

export function errorBody(status: number, message: string | undefined, requestId: string): unknown {
  return { type: "error", error: errorObject(status, message), request_id: requestId };
}

/** Headers every response carries, plus retry-after for a scripted error that asks for it. */
export function responseHeaders(requestId: string, spec?: ErrorSpec): Record<string, string> {
  const headers: Record<string, string> = { "request-id": requestId };
  if (spec?.retryAfter !== undefined) headers["retry-after"] = String(spec.retryAfter);
  return headers;
}

export function newRequestId(): string {
  return randomId("req_", 24);
}
