// A deadline as an AbortSignal, joined to the caller's own signal when there is one. Not
// AbortSignal.any([caller, AbortSignal.timeout(ms)]): on Node 20 a timeout signal that only feeds any() can
// be garbage-collected, its timer with it, and the deadline then never comes (a hung upstream hangs its
// caller). A plain timer holding a plain controller cannot be collected before it fires.

export interface Deadline {
  /** Aborts at the deadline (with `reason()`) or when the caller's signal does (with its reason). */
  signal: AbortSignal;
  /** Stops the timer and lets go of the caller's signal; call it once the work is over. */
  clear(): void;
}

export function deadline(ms: number, caller?: AbortSignal, reason: () => unknown = () => new DOMException(`no answer within ${ms} ms`, "TimeoutError")): Deadline {
  const controller = new AbortController();
  const follow = () => controller.abort(caller?.reason);
  const timer = setTimeout(() => controller.abort(reason()), ms);
  caller?.addEventListener("abort", follow, { once: true });
  if (caller?.aborted) follow();
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", follow);
    },
  };
}
