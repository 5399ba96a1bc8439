export type { PatternToKey } from "./pattern-to-key.js";
export type { LiteralPrefix, LiteralSuffix, HasWildcard, Stars, Prefixes, ColonPrefixes, IsWellFormedPattern } from "./parts.js";
export type { IsOverlapping } from "./overlap.js";
export type { IsCoveredBy } from "./covers.js";
