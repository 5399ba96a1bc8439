/**
 * A method a handle must not have, kept so that calling it reports why: the message is the type of
 * the first parameter, so `tsc` prints `Argument of type … is not assignable to parameter of type
 * '"✗ …"'` at the call (docs/type-level.md: the only form whose text reaches the terminal on 5.4–7.0).
 *
 * Declared as a method (compared bivariantly), so a handle of a known layer is still accepted where
 * the same handle of any layer is asked for: `Borrowed<typeof app, "product_cache">` takes
 * `client.borrow("products:*")`, although their messages name different layers.
 *
 * @example
 * declare const set: Forbidden<"✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)">
 * // @ts-expect-error — tsc prints that text at the argument
 * set("user:1", {})
 */
export type Forbidden<TMessage extends string> = ForbiddenMethod<TMessage>["call"];

interface ForbiddenMethod<TMessage extends string> {
  call(...error: [TMessage, ...unknown[]]): never;
}
