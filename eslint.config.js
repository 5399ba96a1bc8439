// ESLint with typescript-eslint's type-aware rules: the TypeScript checker answers "is this a
// promise?", so a promise nobody awaits, or one handed to a caller that ignores the result, is an
// error even when it comes back through a generic handle type. Why ESLint rather than Biome, and
// why each rule below is changed: docs/contributing.md, "Lint and format".
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const unsafeAny = [
  "@typescript-eslint/no-explicit-any",
  "@typescript-eslint/no-unsafe-argument",
  "@typescript-eslint/no-unsafe-assignment",
  "@typescript-eslint/no-unsafe-call",
  "@typescript-eslint/no-unsafe-member-access",
  "@typescript-eslint/no-unsafe-return",
];
const off = (rules) => Object.fromEntries(rules.map((rule) => [rule, "off"]));

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "bench/types/.generated/",
      // Tiny projects of their own whose type errors, on their lines, are what the type-runner test reads.
      "test/fixtures/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          // Plain .mjs scripts and this file belong to no tsconfig: the default project reads them as JavaScript.
          allowDefaultProject: ["*.js", "scripts/*.mjs", "bench/types/*.mjs"],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // The rules this linter is here for. Never turned off; a justified exception is one
      // `// eslint-disable-next-line` with its reason.
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's describe/it/test return a promise that the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] }] },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      // `async` on a method with no `await` is deliberate here: a source's `load`, a store's method or an
      // async generator fulfils a Promise/AsyncIterable contract, and a throw in it becomes a rejection.
      "@typescript-eslint/require-await": "off",
      // A leading underscore marks a parameter or binding kept for its position or to leave it out of a rest.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Passing on a caught error (typed unknown) is not rejecting with a non-error; as only-throw-error allows.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
    },
  },
  {
    // Plain JavaScript has no types to be unsafe with: every untyped parameter is `any`.
    files: ["**/*.js", "**/*.mjs"],
    rules: off(unsafeAny),
  },
  {
    // These tests call the runtime as plain JavaScript or an `as any` cast would, on purpose: they prove
    // the run-time twin of a rule (or a frozen value) holds where the types are bypassed.
    files: [
      "test/handles/borrow-twins.test.ts",
      "test/values/prepare-value.test.ts",
      "test/layer/lifetimes-streaming-warm.test.ts",
      "test/scope/layer-scope.test.ts",
      "test/warm/layer-warm.test.ts",
    ],
    rules: off(unsafeAny),
  },
  {
    // The examples show calls tsc rejects, each under its `@ts-expect-error`: such a call's type is the
    // rule's message (or never), so "awaiting a non-promise" and "calling an unresolved type" are the point.
    files: ["examples/0*.ts"],
    rules: { "@typescript-eslint/await-thenable": "off", "@typescript-eslint/no-unsafe-call": "off" },
  },
);
