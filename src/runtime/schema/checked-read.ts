/**
 * What a borrower got over a remote route (`remoteLayer`, HTTP) crossed a trust boundary too: with a
 * schema that runs on reads, a value the schema refuses is never answered — the read rejects with a
 * `ValueError` naming key, cache, the answering layer and the issue path. (The owner checked what it read
 * from its store; this catches an owner on another deploy, or anything between the two.)
 */
import type { RouteRead } from "../contracts/route.js";
import { ValueError } from "../errors.js";
import { remoteValueInvalidMessage } from "../messages/value.js";
import type { StandardSchemaV1 } from "../manifest/standard-schema.js";
import { schemaIssue } from "./schema-issue.js";

/**
 * `read` as it is, once its value passed `schema` (absent: nothing to check).
 *
 * @example
 * import { z } from "zod";
 * import type { LayerRoute } from "../contracts/route.js";
 * declare const route: LayerRoute; // remoteLayer(url)
 * await checkedRead(await route.read("user_data", "user:1"), "user_data", "user:1", z.object({ name: z.string() }))
 * // rejects with a ValueError when the owner answered { name: 42 }
 */
export async function checkedRead(read: RouteRead, cache: string, key: string, schema: StandardSchemaV1 | undefined): Promise<RouteRead> {
  if (schema === undefined || read.value === undefined) return read;
  const issue = await schemaIssue(schema, read.value);
  if (issue === undefined) return read;
  throw new ValueError(remoteValueInvalidMessage(key, cache, read.layer, issue.path, issue.message), key, cache, read.layer, issue.path);
}
