// Safety tiers, least to most dangerous. The registry decides a call's tier in host code; nothing the model
// or a tool argument says can lower it.
export const TIERS = ["GREEN", "YELLOW", "ORANGE", "RED", "BLACK"] as const;
export type Tier = (typeof TIERS)[number];

export const tierRank = (tier: Tier): number => TIERS.indexOf(tier);

export const maxTier = (...tiers: Tier[]): Tier =>
  tiers.reduce((a, b) => (tierRank(b) > tierRank(a) ? b : a), "GREEN" as Tier);

export const TIER_MEANING: Record<Tier, string> = {
  GREEN: "read-only, runs at once",
  YELLOW: "small reversible change, runs at once and is logged",
  ORANGE: "disruptive, runs only after the person approves with the approval keyword",
  RED: "destructive, runs only with the override key",
  BLACK: "never allowed",
};
