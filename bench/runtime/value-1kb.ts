/**
 * The value the memory benchmarks store: a JSON-like object of about 1 KB, as docs/performance.md#how-bench-measures says.
 * Built from JSON.parse so each one is a fresh object with V8's exact shape, like data from a database.
 *
 * @example
 * const value = value1kb(42)
 */
export function value1kb(i: number): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      id: i,
      name: `user ${i}`,
      email: `user${i}@example.com`,
      active: i % 2 === 0,
      score: i * 1.5,
      tags: ["alpha", "beta", "gamma"],
      address: { street: "1 Main Street", city: "Springfield", zip: "12345", country: "US" },
      bio: `bio ${i} `.padEnd(750, "x"),
      prefs: { theme: "dark", lang: "en", notifications: true },
    }),
  ) as Record<string, unknown>;
}
