// What `server.ts --check` does with the React page (/react): two tabs of the shop side by side. A visit
// counted in tab A re-renders tab B (through the BroadcastChannel and the IndexedDB they share), a price
// raised on the server re-renders both (through the edge's event feed), and a reload of B still shows A's
// count. Prints what happened, and the time from each write in A to the render in B.
import type { BrowserContext, Page } from "playwright-core";
import type { ExampleRender } from "./react-client.js";

const WRITES = 7;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function open(context: BrowserContext, url: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${url}react`);
  await tab.waitForFunction(() => window.exampleReact?.ready === true && document.querySelector("#visits")?.textContent !== "…", null, { timeout: 10_000 });
  await tab.waitForFunction(() => document.querySelector("#price")?.textContent !== "…", null, { timeout: 10_000 });
  return tab;
}

const text = async (tab: Page, id: string): Promise<string> => (await tab.textContent(`#${id}`)) ?? "";

/** Tab B's first render of `what` showing `shown`, at or after `since`. */
function firstRender(tab: Page, what: ExampleRender["what"], shown: string, since: number): Promise<number> {
  return tab.evaluate(([w, s, t]) => window.exampleReact!.renders.find((r) => r.what === w && r.shown === s && r.at >= t)!.at, [what, shown, since] as const);
}

/**
 * Runs the two-tab story on the React page of the example at `url` and prints it.
 *
 * @example
 * await checkReactTabs(browser.context, "http://127.0.0.1:8787/", () => fetch(`${url}api/raise-price`, { method: "POST" }))
 */
export async function checkReactTabs(context: BrowserContext, url: string, raisePrice: () => Promise<unknown>): Promise<void> {
  const tabA = await open(context, url);
  const tabB = await open(context, url);
  console.log(`react:   two tabs of ${url}react, each showing "${await text(tabB, "visits")}" and "${await text(tabB, "price")}"`);

  const fromStart: number[] = [];
  const fromStored: number[] = [];
  for (let write = 0; write < WRITES; write++) {
    const before = await text(tabB, "visits");
    // A user clicks in the tab in front; Chromium runs a background tab's tasks later (about 40 ms more for its write here).
    await tabA.bringToFront();
    await tabA.click("#count");
    await tabB.waitForFunction((old) => document.querySelector("#visits")?.textContent !== old, before, { timeout: 5000 });
    await tabA.waitForFunction(() => window.exampleReact!.writes.at(-1)?.doneAt !== undefined);
    const { startedAt, doneAt } = await tabA.evaluate(() => window.exampleReact!.writes.at(-1)!);
    const renderedAt = await firstRender(tabB, "visits", await text(tabB, "visits"), startedAt);
    fromStart.push(renderedAt - startedAt);
    fromStored.push(renderedAt - doneAt!);
  }
  const list = (values: readonly number[]) => values.map((ms) => ms.toFixed(1)).join(", ");
  console.log(
    `react:   ${WRITES} visits counted in tab A (its button); tab B re-rendered after each: ${median(fromStart).toFixed(1)} ms median from the write's start in A to the render in B (${list(fromStart)})`,
  );
  console.log(
    `react:   of that, after the write was stored in A (atomicUpdate in IndexedDB): ${median(fromStored).toFixed(1)} ms median to the render in B (${list(fromStored)})`,
  );

  const priceBefore = await text(tabB, "price");
  const raisedAt = Date.now();
  await raisePrice();
  await Promise.all(
    [tabA, tabB].map((tab) => tab.waitForFunction((old) => document.querySelector("#price")?.textContent !== old, priceBefore, { timeout: 5000 })),
  );
  console.log(
    `react:   the server raised the price; both tabs re-rendered "${await text(tabA, "price")}" within ${Date.now() - raisedAt} ms (the edge's event feed)`,
  );

  const counted = await text(tabA, "visits");
  await tabB.reload();
  await tabB.waitForFunction((expected) => document.querySelector("#visits")?.textContent === expected, counted, { timeout: 10_000 });
  console.log(`react:   tab B reloaded and still shows "${counted}": the other tab's message refreshed it and deleted nothing`);
  await tabA.close();
  await tabB.close();
}
