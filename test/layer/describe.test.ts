// describe(app): a Mermaid diagram of layers, ownership and invalidation edges.
import assert from "node:assert/strict";
import { describe as suite, it } from "node:test";
import { describe } from "../../src/index.js";
import { app } from "./helpers/app.js";

suite("describe", () => {
  const diagram = describe(app);

  it("is a flowchart with one subgraph per layer, nearest the user first", () => {
    assert.ok(diagram.startsWith("flowchart LR\n"));
    const subgraphs = diagram.split("\n").filter((line) => line.trim().startsWith("subgraph"));
    assert.deepEqual(
      subgraphs.map((line) => line.trim()),
      ['subgraph layer_client["client"]', 'subgraph layer_edge["edge"]', 'subgraph layer_server["server"]'],
    );
  });

  it("puts each cache inside its primary layer with its patterns", () => {
    const client = diagram.slice(diagram.indexOf("layer_client"), diagram.indexOf("layer_edge"));
    assert.ok(client.includes(`cache_user_data["user_data<br/>'user:*'"]`));
    assert.ok(client.includes("cache_settings"));
    assert.ok(!client.includes("cache_profile"));
    assert.ok(diagram.includes(`cache_data_cache["data_cache<br/>'data:*', 'popular:*'"]`));
    assert.ok(diagram.includes("accounts<br/>'account:*'<br/>exclusive"));
  });

  it("draws an edge per invalidates entry", () => {
    assert.ok(diagram.includes("cache_user_data -->|invalidates 'profile:*'| cache_profile"));
    assert.ok(diagram.includes("cache_user_data -->|invalidates 'settings:*'| cache_settings"));
    assert.ok(diagram.includes("cache_profile -->|invalidates 'feed:*'| cache_feed"));
    assert.equal(diagram.split("-->").length - 1, 3);
  });
});
