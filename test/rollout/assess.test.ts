import { describe, expect, it } from "vitest";
import { assessGate } from "../../src/rollout/assess.js";
import type { Measurement } from "../../src/rollout/measurement.js";

const m = (target: string, status: Measurement["status"], value = ""): Measurement => ({ gate: "http", target, status, value, at: 0 });

describe("gate assessment", () => {
  it("passes while every measurement succeeds", () => {
    expect(assessGate([m("i-1", "Successful"), m("i-2", "Successful")]).verdict).toBe("ok");
  });

  it("fails on the first failed measurement by default and names the instance", () => {
    const result = assessGate([m("i-1", "Successful"), m("i-2", "Failed", "HTTP 500")]);
    expect(result.verdict).toBe("failed");
    if (result.verdict === "failed") {
      expect(result.reason).toContain("i-2");
      expect(result.reason).toContain("HTTP 500");
      expect(result.evidence).toHaveLength(1);
    }
  });

  it("tolerates failures up to failureLimit", () => {
    const list = [m("i-1", "Failed"), m("i-1", "Successful")];
    expect(assessGate(list, { failureLimit: 1 }).verdict).toBe("ok");
    expect(assessGate([...list, m("i-1", "Failed")], { failureLimit: 1 }).verdict).toBe("failed");
  });

  it("treats errors (could not measure) apart from failures, per instance and consecutive only", () => {
    const errors = (target: string, n: number) => Array.from({ length: n }, () => m(target, "Error"));
    expect(assessGate([...errors("i-1", 4), m("i-1", "Successful"), ...errors("i-1", 4)]).verdict).toBe("ok");
    expect(assessGate([...errors("i-1", 3), ...errors("i-2", 3)]).verdict).toBe("ok");
    expect(assessGate(errors("i-1", 5)).verdict).toBe("failed");
    expect(assessGate(errors("i-1", 2), { consecutiveErrorLimit: 1 }).verdict).toBe("failed");
  });

  it("pauses on inconclusive answers in a row up to the limit, fails past it, and a later answer settles it", () => {
    const inconclusive = (n: number) => Array.from({ length: n }, () => m("i-1", "Inconclusive"));
    expect(assessGate(inconclusive(1)).verdict).toBe("inconclusive");
    expect(assessGate(inconclusive(2), { inconclusiveLimit: 2 }).verdict).toBe("inconclusive");
    const past = assessGate(inconclusive(3), { inconclusiveLimit: 2 });
    expect(past.verdict).toBe("failed");
    if (past.verdict === "failed") expect(past.reason).toContain("3 inconclusive measurements in a row on i-1");
    expect(assessGate([...inconclusive(2), m("i-1", "Successful")], { inconclusiveLimit: 2 }).verdict).toBe("ok");
  });
});
