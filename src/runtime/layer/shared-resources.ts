/**
 * Stores and buses a layer closes when it closes — once no other layer of this process uses them: a
 * store or bus given to several layers (two layers on one Redis connection, a test's shared memory
 * store) is closed by the last of them, never twice and never under a layer still using it.
 */
const users = new WeakMap<object, number>();

/**
 * Counts one more layer using `resource`.
 *
 * @example
 * const store = memoryStore();
 * use(store); use(store);
 * release(store) //=> false (another layer still uses it)
 * release(store) //=> true  (close it now)
 */
export function use(resource: object): void {
  users.set(resource, (users.get(resource) ?? 0) + 1);
}

/** Counts one layer less using `resource`; `true` when it was the last one (the caller closes it). */
export function release(resource: object): boolean {
  const left = (users.get(resource) ?? 1) - 1;
  if (left > 0) {
    users.set(resource, left);
    return false;
  }
  users.delete(resource);
  return true;
}
