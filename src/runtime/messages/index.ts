export * from "./quote.js";
export * from "./manifest.js";
export * from "./borrow.js";
export * from "./manifest-shape.js";
export * from "./http.js";
export * from "./value.js";
export * from "./location.js";
