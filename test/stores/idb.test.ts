import "fake-indexeddb/auto";
import { idbStoreCases, idbStoreContract } from "./idb-cases.js";

// idbStore in Node, on fake-indexeddb. The same cases run in Chromium: test/browser/idb-store.test.ts.
idbStoreContract("idbStore on fake-indexeddb");
idbStoreCases();
