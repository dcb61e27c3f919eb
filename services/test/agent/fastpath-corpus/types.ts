// The shape of the fast path's corpus: what a person says and what Jarvis must do with it.

/** An argument whose value the corpus does not fix (a snapshot name Jarvis makes up). */
export const ANY = "<any>";

export interface Call {
  tool: string;
  args: Record<string, unknown>;
}

/** One call, several calls (in any order), a question back, or nothing at all. */
export type Expect = Call | { calls: Call[] } | "ask" | "nothing";

export type Case = readonly [utterance: string, expect: Expect];

export const call = (tool: string, args: Record<string, unknown> = {}): Call => ({ tool, args });
export const control = (entity_id: string, action: string, extra: Record<string, unknown> = {}): Call => call("control_device", { entity_id, action, ...extra });
