import type { ManifestIssue } from "../errors.js";
import type { CacheView } from "../manifest/manifest-view.js";
import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { invalidationCycleMessage } from "../messages/manifest.js";

/**
 * Rule 4: invalidation cascades are acyclic. A cache points at the cache owning each of its
 * `invalidates` targets (the one whose pattern covers it, as rule 3 requires; an unowned target is
 * rule 3's to report); a cache that invalidates its own patterns is a cycle.
 * For each cache on a cycle, each of its targets that leads back to it is reported.
 *
 * The graph is built once and cut into strongly connected components (Tarjan, iteratively, so 1000
 * caches in one cycle do not overflow the stack): a target leads back to its cache exactly when an
 * owner of the target is in the cache's component.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { a: { primary: "client", owns: ["a:*"], invalidates: ["b:*"] }, b: { primary: "client", owns: ["b:*"], invalidates: ["a:*"] } } })
 * acyclicInvalidation(view!)[0]?.message
 * //=> "✗ invalidating 'b:*' leads back to cache 'a' — invalidation cascades must be acyclic"
 */
export const acyclicInvalidation: Guard = (manifest) => {
  const edges = new Map<CacheView, { target: string; owners: CacheView[] }[]>();
  for (const cache of manifest.caches) {
    edges.set(
      cache,
      cache.invalidates.map((target) => ({ target, owners: [...new Set(manifest.owners.covering(target).map((entry) => entry.value))] })),
    );
  }
  const component = components(manifest.caches, (cache) => (edges.get(cache) ?? []).flatMap((edge) => edge.owners));
  const issues: ManifestIssue[] = [];
  for (const cache of manifest.caches) {
    for (const { target, owners } of edges.get(cache) ?? []) {
      if (owners.some((owner) => component.get(owner) === component.get(cache))) {
        issues.push(issueOn(cache, "acyclic-invalidation", invalidationCycleMessage(target, cache.name), { pattern: target, field: "invalidates" }));
      }
    }
  }
  return issues;
};

// Tarjan's strongly connected components with an explicit stack; returns a component id per node.
function components<TNode>(nodes: readonly TNode[], next: (node: TNode) => readonly TNode[]): Map<TNode, number> {
  const index = new Map<TNode, number>();
  const low = new Map<TNode, number>();
  const onStack = new Set<TNode>();
  const stack: TNode[] = [];
  const component = new Map<TNode, number>();
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: TNode; successors: readonly TNode[]; at: number }[] = [];
    const enter = (node: TNode) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, successors: next(node), at: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.at < frame.successors.length) {
        const successor = frame.successors[frame.at++]!;
        if (!index.has(successor)) enter(successor);
        else if (onStack.has(successor)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(successor)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
          onStack.delete(member);
          component.set(member, index.get(frame.node)!);
          if (member === frame.node) break;
        }
      }
    }
  }
  return component;
}
