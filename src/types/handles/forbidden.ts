/**
 * A method a handle must not have, kept so that calling it reports why: the message is the type of
 * the first parameter, so `tsc` prints `Argument of type … is not assignable to parameter of type
 * '"✗ …"'` at the call (docs/type-level.md, "Errors that reach the terminal": the only form whose text reaches the terminal on 5.4–7.0).
 *
 * @example
 * declare const set: Forbidden<"✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)">
 * set("user:1", {}) // error, with that text
 */
export type Forbidden<TMessage extends string> = (...error: [TMessage, ...unknown[]]) => never;
