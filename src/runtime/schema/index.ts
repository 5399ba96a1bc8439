// Schemas as values: a Standard Schema checks what crosses a trust boundary (docs/schemas.md).
export { isStandardSchema, type StandardSchemaV1 } from "../manifest/standard-schema.js";
export { schemaIssue, issuePath, type SchemaIssue } from "./schema-issue.js";
export { checkedPartition, type EntryChecks } from "./checked-partition.js";
export { checkedRead } from "./checked-read.js";
