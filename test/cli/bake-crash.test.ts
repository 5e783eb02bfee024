// Crash safety (1/2): "A bake killed with `kill -9` at each phase leaves resources that `roll gc`
// removes completely", for the phases up to SSH. The other phases are in bake-crash-late.test.ts
// (two files, so the two halves run side by side).

import { describe } from "vitest";
import { killAndCollect, PHASES, useCliSandbox } from "./crash-helpers.js";

useCliSandbox();

describe("a bake killed with kill -9", () => {
  for (const [phase, match] of PHASES.slice(0, 4)) killAndCollect(phase, match, { dryRun: phase === "instance created" });
});
