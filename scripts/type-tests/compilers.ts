import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One TypeScript compiler the type tests run on, installed as an npm alias. */
export interface Compiler {
  /** The short name used on the command line and in test names, e.g. `"7.0"`. */
  readonly name: string;
  /** The npm package folder under node_modules, e.g. `"ts7"`. */
  readonly packageName: string;
}

/**
 * Every TypeScript version borrowcache supports, oldest first.
 *
 * Each is called by path: `node_modules/.bin/tsc` is whichever alias npm linked
 * last, so it is not the 5.9 it looks like.
 *
 * @example
 * COMPILERS.map((compiler) => compiler.name)
 * //=> ["5.4", "5.9", "6.0", "7.0"]
 */
export const COMPILERS: readonly Compiler[] = [
  { name: "5.4", packageName: "ts54" },
  { name: "5.9", packageName: "typescript" },
  { name: "6.0", packageName: "ts6" },
  { name: "7.0", packageName: "ts7" },
];

/**
 * The compiler with this short name; throws naming the known ones otherwise.
 *
 * @example
 * findCompiler("7.0").packageName
 * //=> "ts7"
 */
export function findCompiler(name: string): Compiler {
  const compiler = COMPILERS.find((candidate) => candidate.name === name);
  if (!compiler) {
    throw new Error(`unknown TypeScript version '${name}': use one of ${COMPILERS.map((c) => `'${c.name}'`).join(", ")}`);
  }
  return compiler;
}

/**
 * The path of a compiler's `tsc` entry point below `root`.
 *
 * @example
 * tscPath("/repo", findCompiler("6.0"))
 * //=> "/repo/node_modules/ts6/bin/tsc"
 */
export function tscPath(root: string, compiler: Compiler): string {
  return join(root, "node_modules", compiler.packageName, "bin", "tsc");
}

/**
 * The exact installed version of a compiler, read from its package.json.
 *
 * @example
 * compilerVersion("/repo", findCompiler("7.0"))
 * //=> "7.0.2"
 */
export function compilerVersion(root: string, compiler: Compiler): string {
  const manifest = JSON.parse(readFileSync(join(root, "node_modules", compiler.packageName, "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}
