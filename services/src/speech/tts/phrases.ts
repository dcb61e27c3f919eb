// Short phrases Jarvis says often, rendered into the cache at start so they cost nothing when needed.
export const ACKNOWLEDGEMENT = "One moment.";

export const PREWARM_PHRASES: readonly string[] = [
  ACKNOWLEDGEMENT,
  "Done.",
  "Right away.",
  "Working on it.",
  "Certainly.",
  "I'm sorry, I couldn't do that.",
];
