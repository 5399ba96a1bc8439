// A browser stand-in for the parts of `node:test` our store tests use (describe/it/test, before/after,
// beforeEach/afterEach), so the very same test modules run in a Chromium page. esbuild aliases
// `node:test` to this file when it bundles a page. `runCollected()` runs what was declared.

type Body = () => unknown; // or a promise of it
interface Suite {
  readonly name: string;
  readonly items: (Suite | Case)[];
  readonly before: Body[];
  readonly after: Body[];
  readonly beforeEach: Body[];
  readonly afterEach: Body[];
}
interface Case {
  readonly name: string;
  readonly body: Body;
  readonly skip: boolean;
}

/** One finished case. */
export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly skipped: boolean;
  readonly error?: string;
  readonly ms: number;
}

const root: Suite = { name: "", items: [], before: [], after: [], beforeEach: [], afterEach: [] };
let current = root;

type Options = { skip?: unknown; todo?: unknown; timeout?: number; concurrency?: unknown };
function parse(args: unknown[]): { name: string; options: Options; body: Body | undefined } {
  const name = typeof args[0] === "string" ? args[0] : "";
  const options = (args.find((a) => typeof a === "object" && a !== null) ?? {}) as Options;
  const body = args.find((a): a is Body => typeof a === "function");
  return { name, options, body };
}

export function describe(...args: unknown[]): void {
  const { name, body } = parse(args);
  const suite: Suite = { name, items: [], before: [], after: [], beforeEach: [], afterEach: [] };
  current.items.push(suite);
  const parent = current;
  current = suite;
  try {
    body?.();
  } finally {
    current = parent;
  }
}
export function it(...args: unknown[]): void {
  const { name, options, body } = parse(args);
  current.items.push({ name, body: body ?? (() => undefined), skip: Boolean(options.skip) || Boolean(options.todo) });
}
export const test = it;
export const suite = describe;
export const before = (body: Body): void => void current.before.push(body);
export const after = (body: Body): void => void current.after.push(body);
export const beforeEach = (body: Body): void => void current.beforeEach.push(body);
export const afterEach = (body: Body): void => void current.afterEach.push(body);

/** Runs every declared suite and case in order; never throws. */
export async function runCollected(): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  await runSuite(root, [], [], [], results);
  return results;
}

async function runSuite(suite: Suite, path: string[], beforeEach: Body[], afterEach: Body[], results: CaseResult[]): Promise<void> {
  const names = suite.name ? [...path, suite.name] : path;
  const each = [...beforeEach, ...suite.beforeEach];
  const eachAfter = [...suite.afterEach, ...afterEach];
  try {
    for (const hook of suite.before) await hook();
  } catch (error) {
    results.push({ name: [...names, "(before)"].join(" › "), ok: false, skipped: false, error: describeError(error), ms: 0 });
    return;
  }
  for (const item of suite.items) {
    if ("items" in item) {
      await runSuite(item, names, each, eachAfter, results);
      continue;
    }
    const name = [...names, item.name].join(" › ");
    if (item.skip) {
      results.push({ name, ok: true, skipped: true, ms: 0 });
      continue;
    }
    const start = performance.now();
    try {
      for (const hook of each) await hook();
      await item.body();
      for (const hook of eachAfter) await hook();
      results.push({ name, ok: true, skipped: false, ms: performance.now() - start });
    } catch (error) {
      results.push({ name, ok: false, skipped: false, error: describeError(error), ms: performance.now() - start });
    }
  }
  for (const hook of suite.after) {
    try {
      await hook();
    } catch (error) {
      results.push({ name: [...names, "(after)"].join(" › "), ok: false, skipped: false, error: describeError(error), ms: 0 });
    }
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
