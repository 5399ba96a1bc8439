/** The value the HTTP read benchmarks serve: a ~1 KB product, as a shop would cache it (949 bytes serialized). */
export const product = {
  id: 42,
  name: "Desk lamp",
  price: 3999,
  currency: "EUR",
  tags: ["home", "light", "desk"],
  updatedAt: "2026-11-25T06:00:00.000Z",
  description: "A small desk lamp. ".repeat(40),
  stock: { warehouse: 17, stores: [3, 0, 5, 8] },
};
