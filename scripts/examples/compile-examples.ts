import { basename, dirname, relative, resolve } from "node:path";
import ts from "typescript";
import { resultMismatches } from "./check-results.js";
import type { Example } from "./read-examples.js";

/** One error TypeScript reports in an example, or a `//=>` the checker disagrees with, placed on its line in the source file. */
export interface ExampleProblem {
  readonly example: Example;
  /** `error`: the example does not compile; `result`: it does, but a `//=>` after a type alias is not what the alias resolves to. */
  readonly kind: "error" | "result";
  /** 1-based line in `example.file`. */
  readonly line: number;
  readonly message: string;
}

/** What an example gets imported without asking: where its names come from, in order of precedence. */
const PREAMBLE = "scripts/examples/preamble.ts";
const PACKAGE_ENTRY = "src/index.node.ts";

/**
 * Compiles each example as a module of its own, with TypeScript's API and the project's compiler
 * options. An example sees, unless it declares the name itself: the exports of its own file, then the
 * preamble (`scripts/examples/preamble.ts`), then everything `borrowcache` exports on Node; it may
 * also import from "borrowcache", "borrowcache/redis", "borrowcache/node", "borrowcache/test-suite" and "borrowcache/otel"
 * as a user would, and an internal helper relatively, as its own file would (it is compiled beside it).
 *
 * @example
 * const problems = compileExamples("/repo", readExamples("/repo/src/runtime/stores/memory.ts"))
 * problems.map((problem) => `${problem.example.file}:${problem.line}: ${problem.message}`)
 */
export function compileExamples(root: string, examples: readonly Example[]): ExampleProblem[] {
  const options = compilerOptions(root);
  const host = ts.createCompilerHost(options, true);
  const sourceFiles = [...new Set(examples.map((example) => resolve(root, example.file)))];
  const catalog = ts.createProgram({ rootNames: [...sourceFiles, resolve(root, PREAMBLE), resolve(root, PACKAGE_ENTRY)], options, host });
  const exportsOf = exportNames(catalog);

  const virtual = new Map<string, { example: Example; text: string; headerLines: number }>();
  examples.forEach((example, index) => {
    // Beside its file (a virtual file in the same folder), so that a relative import reads as it would in that file.
    const path = resolve(root, dirname(example.file), `${basename(example.file, ".ts")}.example-${index}.ts`);
    const declared = declaredNames(example.code);
    const taken = new Set(declared);
    const imports: string[] = [];
    for (const from of [resolve(root, example.file), resolve(root, PREAMBLE), resolve(root, PACKAGE_ENTRY)]) {
      const names = exportsOf(from).filter((name) => !taken.has(name));
      names.forEach((name) => taken.add(name));
      if (names.length > 0) imports.push(`import { ${names.join(", ")} } from ${JSON.stringify(specifier(path, from))};`);
    }
    const header = [...imports, "export {};"];
    virtual.set(path, { example, text: `${header.join("\n")}\n${example.code}\n`, headerLines: header.length });
  });

  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host: withVirtualFiles(host, virtual), oldProgram: catalog });
  const problems: ExampleProblem[] = [];
  for (const [path, { example, headerLines }] of virtual) {
    const sourceFile = program.getSourceFile(path)!;
    const syntactic = program.getSyntacticDiagnostics(sourceFile);
    const diagnostics = syntactic.length > 0 ? syntactic : program.getSemanticDiagnostics(sourceFile);
    for (const diagnostic of diagnostics) {
      const at = diagnostic.start === undefined ? -1 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line - headerLines;
      problems.push({
        example,
        kind: "error",
        line: example.lines[at] ?? example.line,
        message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
      });
    }
    if (diagnostics.length > 0) continue;
    for (const mismatch of resultMismatches(program.getTypeChecker(), sourceFile)) {
      problems.push({
        example,
        kind: "result",
        line: example.lines[mismatch.line - headerLines] ?? example.line,
        message: `//=> ${mismatch.expected}\nbut the type resolves to ${mismatch.actual}`,
      });
    }
  }
  return problems;
}

/**
 * The project's options (tsconfig.json), with `borrowcache` and its subpaths mapped to the sources (no
 * build needed) and without verbatimModuleSyntax, so that an example's automatic imports may name types.
 */
function compilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error(`✗ cannot read ${resolve(root, "tsconfig.json")} — run from the repository root`);
  return {
    ...parsed.options,
    noEmit: true,
    verbatimModuleSyntax: false,
    isolatedModules: false,
    baseUrl: root,
    paths: {
      borrowcache: ["src/index.node.ts"],
      "borrowcache/redis": ["src/redis.ts"],
      "borrowcache/node": ["src/node/index.ts"],
      "borrowcache/test-suite": ["src/test-suite/index.ts"],
      "borrowcache/otel": ["src/otel/index.ts"],
    },
  };
}

/** The names a module exports (types and values), looked up once per file. */
function exportNames(program: ts.Program): (file: string) => string[] {
  const checker = program.getTypeChecker();
  const cache = new Map<string, string[]>();
  return (file) => {
    let names = cache.get(file);
    if (!names) {
      const sourceFile = program.getSourceFile(file);
      const symbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
      names =
        symbol ?
          checker
            .getExportsOfModule(symbol)
            .map((exported) => exported.name)
            .filter((name) => name !== "default")
        : [];
      cache.set(file, names);
    }
    return names;
  };
}

/** The names an example declares at its top level (variables, functions, classes, types, imports): these shadow the automatic imports. */
function declaredNames(code: string): string[] {
  const file = ts.createSourceFile("example.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((declaration) => bind(declaration.name));
    else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.push(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      else if (bindings) bindings.elements.forEach((element) => names.push(element.name.text));
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isModuleDeclaration(statement) ||
        ts.isImportEqualsDeclaration(statement)) &&
      statement.name &&
      ts.isIdentifier(statement.name)
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

/** `from` as an import specifier in `path`: relative, with the `.js` NodeNext wants. */
function specifier(path: string, from: string): string {
  const relativePath = relative(dirname(path), from).replace(/\\/g, "/").replace(/\.ts$/, ".js");
  return relativePath.startsWith(".") ? relativePath : `./${relativePath}`;
}

/** A compiler host that also serves the examples' files from memory. */
function withVirtualFiles(host: ts.CompilerHost, virtual: ReadonlyMap<string, { text: string }>): ts.CompilerHost {
  return {
    ...host,
    fileExists: (path) => virtual.has(path) || host.fileExists(path),
    readFile: (path) => virtual.get(path)?.text ?? host.readFile(path),
    getSourceFile: (path, languageVersion, onError, shouldCreate) => {
      const text = virtual.get(path)?.text;
      return text === undefined ? host.getSourceFile(path, languageVersion, onError, shouldCreate) : ts.createSourceFile(path, text, languageVersion, true);
    },
  };
}
