export type * from "./rules.js";
export type * from "./quote.js";
export type * from "./manifest.js";
export type * from "./borrow.js";
