// Part 1 of the model checker's explored interleavings (test/consistency/model/interleavings.ts).
import { exploreInTest } from "./interleavings.js";

exploreInTest(1);
