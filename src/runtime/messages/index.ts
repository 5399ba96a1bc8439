export * from "./quote.js";
export * from "./manifest.js";
export * from "./borrow.js";
