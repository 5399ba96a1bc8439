// Runs idbStore's cases (the same module Node runs on fake-indexeddb) on Chromium's real IndexedDB and
// leaves the results on `window` for the test to read.
import { idbStoreCases, idbStoreContract } from "../../stores/idb-cases.js";
import { runCollected, type CaseResult } from "../shims/node-test.js";

declare global {
  interface Window {
    __results?: CaseResult[];
  }
}

idbStoreContract("idbStore on Chromium's IndexedDB");
idbStoreCases();
void runCollected().then((results) => {
  window.__results = results;
});
