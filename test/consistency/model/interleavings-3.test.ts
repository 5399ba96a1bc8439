// Part 3 of the model checker's explored interleavings (test/consistency/model/explore-in-test.ts).
import { exploreInTest } from "./explore-in-test.js";

exploreInTest(3);
