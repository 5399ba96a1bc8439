// Placeholder until the real type tests exist: it proves the runner sees a
// `//~` expectation and a tsd assertion. The lead engineer replaces it.
import { expectError, expectType } from "tsd";

declare function layerOf(name: "client" | "edge" | "server"): number;

expectType<number>(layerOf("edge"));

//~ Argument of type '"cdn"' is not assignable to parameter of type '"client" | "edge" | "server"'
expectError(layerOf("cdn"));
