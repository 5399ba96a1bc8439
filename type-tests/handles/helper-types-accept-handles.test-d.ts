// Compile-time only: `Owned`, `Borrowed`, `KeyOf` and `ValueOf` describe real handles in every documented
// form — with or without the layer, as parameter, return and variable types — and still tell
// handles of other caches, and borrows from owns, apart.
import { expectAssignable, expectError, expectNotAssignable, expectType } from "tsd";
import {
  createLayer,
  defineManifest,
  typed,
  type Borrowed,
  type BorrowedHandle,
  type Cached,
  type KeyOf,
  type Owned,
  type OwnedHandle,
  type ValueOf,
} from "../../src/index.js";

interface User {
  id: number;
  name: string;
}
interface Product {
  price: number;
}
const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], value: typed<User>() },
    product_cache: { primary: "edge", owns: ["products:*"], value: typed<Product>() },
  },
});
const client = createLayer(app, "client");
const server = createLayer(app, "server");

// Parameter types, in the forms of the README and of each type's @example (no layer).
async function price(products: Borrowed<typeof app, "product_cache">, id: string) {
  return (await products.get(`products:${id}`))?.price;
}
await price(client.borrow("products:*"), "1");
await price(server.borrow("product_cache"), "1");
await price(client.follow("product_cache"), "1");
function users(handle: Borrowed<typeof app, "user_data">) {
  return handle;
}
users(server.follow("user_data"));
async function rename(handle: Owned<typeof app, "user_data">, id: string, name: string) {
  await handle.atomicUpdate(`user:${id}`, (user) => ({ ...user!, name }));
}
await rename(client.own("user_data"), "1", "Ada");
await rename(client.follow("user_data"), "1", "Ada");
await rename(client.own("user:*"), "1", "Ada");

// Variable annotations and return types, with and without the layer.
const owned: Owned<typeof app, "user_data"> = client.own("user_data");
const ownedHere: Owned<typeof app, "user_data", "client"> = client.own("user_data");
const borrowed: Borrowed<typeof app, "product_cache", "server"> = server.borrow("products:*");
function productsOf(layer: typeof server): Borrowed<typeof app, "product_cache"> {
  return layer.borrow("product_cache");
}
void [owned, ownedHere, borrowed, productsOf];

// The handle interfaces are what editors and .d.ts files name.
expectType<OwnedHandle<"user_data", "client", User, readonly ["user:*"], "plain">>(client.own("user_data"));
expectType<BorrowedHandle<"product_cache", "server", Product, readonly ["products:*"], "edge", "plain">>(server.borrow("product_cache"));

// KeyOf and ValueOf are what the handle takes and what it stores.
async function load(handle: Owned<typeof app, "user_data">, key: KeyOf<typeof app, "user_data">, value: ValueOf<typeof app, "user_data">) {
  await handle.set(key, value);
  const read: Cached<ValueOf<typeof app, "user_data">> | undefined = await handle.get(key);
  return read;
}
await load(client.own("user_data"), "user:1", { id: 1, name: "Ada" });

// Still apart: a borrow is not an own, one cache's handle is not another's, a layer is not another.
expectNotAssignable<Owned<typeof app, "user_data">>(server.borrow("user_data"));
expectNotAssignable<Borrowed<typeof app, "user_data">>(client.borrow("product_cache"));
expectNotAssignable<Owned<typeof app, "user_data", "server">>(client.own("user_data"));
expectAssignable<Borrowed<typeof app, "user_data">>(server.borrow("user_data"));
//~ [ownedBrand]
expectError(rename(server.borrow("user_data"), "1", "Ada"));
//~ Argument of type 'BorrowedHandle<"user_data", "client", User, readonly ["user:*"], "client", "plain">' is not assignable
expectError(price(client.borrow("user_data"), "1"));

// Writes through a borrow typed without its layer still name the reason (the layer is any string, so
// TypeScript 5.x prints this message type with \u escapes).
//~ cannot write 'products:*' from layer '${string}': owned by 'product_cache' (edge)
expectError(borrowedAnywhere().set("products:1", { price: 1 }));
function borrowedAnywhere(): Borrowed<typeof app, "product_cache"> {
  return client.borrow("product_cache");
}
