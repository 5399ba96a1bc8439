/**
 * A member read through a fault-injecting Proxy as the real object would answer it: methods bound to
 * the real target (their private fields and native brand checks need the real `this`), other values as they are.
 */
export function boundMember(target: object, property: PropertyKey, receiver: unknown = target): unknown {
  const value: unknown = Reflect.get(target, property, receiver);
  return typeof value === "function" ? (Function.prototype.bind.call(value, target) as unknown) : value;
}
