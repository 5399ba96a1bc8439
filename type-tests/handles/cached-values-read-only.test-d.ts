// A read hands out the stored value itself, frozen: properties and arrays are read-only, and a Date, Map
// or Set refuses its mutators with the text the run time throws (src/runtime/values/read-only.ts,
// test/values/prepare-value.test.ts).
import { expectError, expectType } from "tsd";
import { createLayer, defineManifest, typed, type CachedDate, type CachedMap, type CachedSet } from "../../src/index.js";

interface Profile {
  name: string;
  born: Date;
  prefs: Map<string, string>;
  tags: Set<string>;
  visits: Date[];
}
const app = defineManifest({ caches: { profiles: { primary: "server", owns: ["profile:*"], value: typed<Profile>() } } });
const profiles = createLayer(app, "server").own("profiles");
const profile = (await profiles.get("profile:1"))!;

expectType<CachedDate>(profile.born);
expectType<CachedMap<string, string>>(profile.prefs);
expectType<CachedSet<string>>(profile.tags);
expectType<number>(profile.born.getFullYear());
expectType<string | undefined>(profile.prefs.get("theme"));
expectType<boolean>(profile.tags.has("a"));
// Still a Date, Map or Set where one is asked for: copying is the way to change one.
const born: Date = profile.born;
const copy = new Date(profile.born);
copy.setFullYear(2000);
const prefs = new Map(profile.prefs);
prefs.set("theme", "dark");
void born;

//~ cannot call setFullYear on a cached Date: cached values are read-only — copy it first, e.g. new Date(value)
expectError(profile.born.setFullYear(2000));
//~ cannot call setTime on a cached Date: cached values are read-only — copy it first, e.g. new Date(value)
expectError(profile.visits[0]!.setTime(0));
//~ cannot set on a cached Map: cached values are read-only — copy it first, e.g. new Map(value)
expectError(profile.prefs.set("theme", "dark"));
//~ cannot clear a cached Map: cached values are read-only — copy it first, e.g. new Map(value)
expectError(profile.prefs.clear());
//~ cannot add to a cached Set: cached values are read-only — copy it first, e.g. new Set(value)
expectError(profile.tags.add("b"));
//~ cannot delete from a cached Set: cached values are read-only — copy it first, e.g. new Set(value)
expectError(profile.tags.delete("a"));
//~ Cannot assign to 'name' because it is a read-only property.
expectError((profile.name = "Eve"));
//~ Property 'push' does not exist on type 'readonly CachedDate[]'.
expectError(profile.visits.push);
