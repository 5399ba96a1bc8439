/** The checker: every public type of borrowcache. Types only; nothing here exists at run time. */
export type * from "./manifest/index.js";
export type * from "./handles/index.js";
export type * from "./pattern/index.js";
export type * from "./messages/index.js";
