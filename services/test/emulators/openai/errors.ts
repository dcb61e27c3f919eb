// Error bodies in the two dialects this emulator speaks: OpenAI's {"error":{message,type,param,code}} and
// llama-server's {"error":{code,message,type}} (tools/server/utils.hpp format_error_response).
import type { ErrorSpec } from "../llm-script.js";

export type Flavor = "openai" | "llama-server";

/** A refusal: HTTP status, message, and OpenAI's param/code details where they apply. */
export interface Refusal {
  status: number;
  message: string;
  param?: string | null;
  code?: string | null;
  /** OpenAI's error type when it is not the status's default (rate limits say "requests"). */
  type?: string;
}

const LLAMA_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  500: "server_error",
  501: "not_supported_error",
  503: "unavailable_error",
};

function openaiType(status: number): string {
  if (status === 429) return "requests";
  return status >= 500 ? "server_error" : "invalid_request_error";
}

export function errorBody(flavor: Flavor, r: Refusal): unknown {
  if (flavor === "llama-server") {
    return { error: { code: r.status, message: r.message, type: LLAMA_TYPES[r.status] ?? "server_error" } };
  }
  return { error: { message: r.message, type: r.type ?? openaiType(r.status), param: r.param ?? null, code: r.code ?? null } };
}

/** A scripted error as the API would word it. */
export function scriptedRefusal(spec: ErrorSpec, model: string): Refusal {
  if (spec.status === 429) {
    const wait = spec.retryAfter ?? 1;
    return {
      status: 429,
      message: spec.message ?? `Rate limit reached for ${model} on requests per min (RPM). Please try again in ${wait}s.`,
      code: "rate_limit_exceeded",
    };
  }
  const fallback =
    spec.status === 503
      ? "The engine is currently overloaded, please try again later"
      : "The server had an error while processing your request. Sorry about that!";
  return { status: spec.status, message: spec.message ?? fallback };
}

export function retryHeaders(spec: ErrorSpec | undefined): Record<string, string> {
  return spec?.retryAfter === undefined ? {} : { "retry-after": String(spec.retryAfter) };
}
