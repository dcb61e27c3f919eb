// What goes into the events table and logs about a call: arguments with secret-looking fields masked and any
// configured secret value cut out wherever it appears.
const SECRET_KEY = /pass(word|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|authorization/i;

export class Redactor {
  private readonly values: string[];

  constructor(secretValues: readonly string[], private readonly extra: (text: string) => string = (t) => t) {
    // Longest first, so a secret that contains another is cut whole.
    this.values = secretValues.filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    return this.extra(this.values.reduce((t, v) => t.split(v).join("[redacted]"), text));
  }

  value(value: unknown, depth = 0): unknown {
    if (typeof value === "string") return this.text(value);
    if (depth > 8 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => this.value(v, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : this.value(v, depth + 1)]),
    );
  }
}
