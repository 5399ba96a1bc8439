// Prettier, set to read like the code already does: long lines, double quotes, semicolons, trailing
// commas. experimentalTernaries lays conditional types out as the if / else-if chains src/types is
// written in (`A extends B ? X` on one line, `: C extends D ? Y` on the next) instead of a staircase.
/** @type {import("prettier").Config} */
export default {
  printWidth: 160,
  trailingComma: "all",
  experimentalTernaries: true,
};
