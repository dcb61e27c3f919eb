// The figures each reliability suite prints: one line per suite, "suite: N tried, N held, N lost", plus the
// name of every lost case so a failure says what got through. A case is "held" when the server kept its
// promise (nothing ran that should not have, it stayed up, nothing was lost) and "lost" otherwise.
export class Figures {
  private tried = 0;
  private readonly lostCases: string[] = [];
  private readonly notes: string[] = [];

  constructor(readonly suite: string) {}

  /** Records one case; returns whether it held, so a test can go on. */
  record(name: string, held: boolean, detail = ""): boolean {
    this.tried++;
    if (!held) this.lostCases.push(detail ? `${name}: ${detail}` : name);
    return held;
  }

  /** A measured figure worth printing beside the counts (rates, memory, scaled durations). */
  note(text: string): void {
    this.notes.push(text);
  }

  get lost(): readonly string[] {
    return this.lostCases;
  }

  line(): string {
    const held = this.tried - this.lostCases.length;
    const extra = this.notes.length > 0 ? ` (${this.notes.join("; ")})` : "";
    return `${this.suite}: ${this.tried} tried, ${held} held, ${this.lostCases.length} lost${extra}`;
  }

  /** Prints the figure line (and what was lost) where vitest shows it. */
  print(): void {
    console.log([this.line(), ...this.lostCases.map((c) => `  lost: ${c}`)].join("\n"));
  }
}
