import { createRequire } from "node:module";
import { relative } from "node:path";
import tsd from "tsd";

/** What tsd said about the type tests: only what it did not expect. */
export interface TsdResult {
  /** The TypeScript bundled in tsd (`@tsd/typescript`), e.g. `"5.9.3"`. */
  readonly version: string;
  readonly milliseconds: number;
  /** One line per complaint, `file:line:col: message`. */
  readonly problems: readonly string[];
}

/**
 * Runs tsd's programmatic API over the type tests, straight from the sources.
 *
 * tsd wants a typings file that exists and is in package.json `files`, but it
 * only checks that, and never compiles it: the tests reach the code through their
 * own relative imports (`../../src/index.js`), so `src/index.ts` serves and no
 * build is needed. Compiler options come from the tsconfig.json tsd finds from
 * `root` upward (the project's own). tsd checks `expectType` identity and that
 * each `expectError` catches an error; it cannot see the error's text (the tsc
 * runner checks that).
 *
 * @example
 * const result = await checkWithTsd({ root: "/repo", typingsFile: "src/index.ts", testFiles: ["type-tests/**\/*.test-d.ts"] });
 * result.problems
 * //=> [] when every assertion holds
 */
export async function checkWithTsd(options: { root: string; typingsFile: string; testFiles: readonly string[] }): Promise<TsdResult> {
  const started = performance.now();
  const diagnostics = await tsd.default({ cwd: options.root, typingsFile: options.typingsFile, testFiles: options.testFiles });
  const milliseconds = Math.round(performance.now() - started);
  const problems = diagnostics
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic) => {
      const at = diagnostic.line === undefined ? "" : `:${diagnostic.line}:${(diagnostic.column ?? 0) + 1}`;
      return `${relative(options.root, diagnostic.fileName)}${at}: ${diagnostic.message}`;
    });
  return { version: bundledTypeScriptVersion(), milliseconds, problems };
}

function bundledTypeScriptVersion(): string {
  const require = createRequire(import.meta.url);
  const tsdEntry = require.resolve("tsd");
  return (createRequire(tsdEntry)("@tsd/typescript/package.json") as { version: string }).version;
}
