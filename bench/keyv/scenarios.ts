/**
 * Prints the adapters × scenarios table of docs/stores.md: every scenario of
 * test/stores/keyv-scenarios.ts (the same code the tests run) on every keyv adapter's real backend.
 * A cell is what the scenario found ("✓", or what the adapter's capabilities refused early, or the
 * timings of a failure case); "✗ …" is a failure, "—" a backend missing here.
 *
 *   node --import tsx bench/keyv/scenarios.ts                      every adapter
 *   node --import tsx bench/keyv/scenarios.ts @keyv/mysql keyv-file  some
 *
 * Needs what scripts/setup-test-env.sh sets up (PostgreSQL and MariaDB users, Redis, memcached).
 */
import { BACKEND_NAMES, missing, startBackend } from "../../test/stores/keyv-backends.js";
import { SCENARIOS } from "../../test/stores/keyv-scenarios.js";

const wanted = process.argv.slice(2);
const names = BACKEND_NAMES.filter((name) => wanted.length === 0 || wanted.includes(name));
const rows: string[][] = [];
let failed = 0;

for (const name of names) {
  const absent = await missing(name);
  if (absent) {
    rows.push([name, ...SCENARIOS.map(() => "—")]);
    console.error(`${name}: ${absent}`);
    continue;
  }
  const run = await startBackend(name);
  const cells: string[] = [];
  try {
    for (const scenario of SCENARIOS) {
      try {
        cells.push(await scenario.run(run));
      } catch (error) {
        failed++;
        const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
        cells.push(`✗ ${message.slice(0, 80)}`);
      }
      process.stderr.write(".");
    }
  } finally {
    await run.cleanup();
  }
  process.stderr.write(` ${name}\n`);
  rows.push([`\`${name}\``, ...cells]);
}

const header = ["adapter", ...SCENARIOS.map((scenario) => scenario.id)];
const escape = (cell: string) => cell.replaceAll("|", "\\|");
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map(() => "---").join(" | ")} |`);
for (const row of rows) console.log(`| ${row.map(escape).join(" | ")} |`);
// Adapters hold pools and sockets open; the table is printed.
process.exit(failed === 0 ? 0 : 1);
