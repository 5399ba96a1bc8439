// Asks a TypeScript language service what it completes at marked positions of a source text, the
// way an editor does: TS 5.x/6.x through the classic `createLanguageService`, TS 7 (the Go port)
// through its `typescript/unstable/sync` API, which spawns the native binary.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** Where the completion cursor is in a fixture. */
export const CURSOR = "‸";

/** The completion names at each cursor, in order; names lose TS 7's trailing `?` for optional members. */
export type Completions = string[][];

const tsconfig = (rootDir: string) => ({
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "ESNext.Disposable", "DOM", "DOM.Iterable"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    rootDir,
  },
  include: ["fixture.ts"],
});

/**
 * Writes `source` (cursors removed) into a scratch project under `<root>/.tmp/` and returns the
 * completions at every cursor, asked of the compiler installed as `packageName`.
 *
 * @example
 * await completionsAt("/repo", "typescript", 'const x: "a" | "b" = "‸";')
 * //=> [["a", "b"]]
 */
export async function completionsAt(root: string, packageName: string, source: string): Promise<Completions> {
  const text = source.replaceAll(CURSOR, "");
  const cursors: number[] = [];
  for (let at = source.indexOf(CURSOR); at !== -1; at = source.indexOf(CURSOR, at + 1)) cursors.push(at - cursors.length * CURSOR.length);
  const dir = join(root, ".tmp", `completions-${packageName}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "fixture.ts");
  writeFileSync(file, text);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig(root)));
  try {
    return packageName === "ts7" ? await fromNativeApi(root, dir, file, text, cursors) : fromLanguageService(root, packageName, dir, file, text, cursors);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The trigger an editor sends inside a string literal (`"` just typed), none elsewhere. */
function triggerAt(text: string, at: number): '"' | undefined {
  return text[at - 1] === '"' ? '"' : undefined;
}

function fromLanguageService(root: string, packageName: string, dir: string, file: string, text: string, cursors: number[]): Completions {
  const ts = createRequire(join(root, "package.json"))(packageName) as typeof import("typescript");
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`${packageName} could not read the scratch tsconfig`);
  const host: import("typescript").LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => ts.sys.fileExists(name),
    readFile: (name) => ts.sys.readFile(name),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    directoryExists: (name) => ts.sys.directoryExists(name),
    getDirectories: (name) => ts.sys.getDirectories(name),
  };
  const service = ts.createLanguageService(host);
  try {
    return cursors.map((at) => {
      const trigger = triggerAt(text, at);
      const info = service.getCompletionsAtPosition(file, at, trigger ? { triggerCharacter: trigger } : {});
      return (info?.entries ?? []).map((entry) => entry.name);
    });
  } finally {
    service.dispose();
  }
}

async function fromNativeApi(root: string, dir: string, file: string, text: string, cursors: number[]): Promise<Completions> {
  const { API } = (await import(join(root, "node_modules/ts7/dist/api/sync/api.js"))) as typeof import("ts7/unstable/sync");
  const api = new API({ cwd: root });
  try {
    const project = api.updateSnapshot({ openProject: join(dir, "tsconfig.json") }).getProjects()[0];
    if (!project) throw new Error("TS 7 opened no project");
    return cursors.map((at) => {
      const trigger = triggerAt(text, at);
      const info = project.checker.getCompletionsAtPosition(file, at, trigger ? { triggerCharacter: trigger } : {});
      return (info?.entries ?? []).map((entry) => entry.name.replace(/\?$/, ""));
    });
  } finally {
    api.close();
  }
}
