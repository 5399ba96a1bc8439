export type * from "./rules.js";
export type * from "./quote.js";
export type * from "./manifest.js";
export type * from "./borrow.js";
export type * from "./manifest-shape.js";
export type * from "./http.js";
export type * from "./value.js";
export type * from "./location.js";
