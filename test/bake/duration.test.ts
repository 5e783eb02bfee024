import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/bake/duration.js";

describe("durations", () => {
  it("parses Packer's forms", () => {
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("1.5s")).toBe(1_500);
    expect(parseDuration("30")).toBe(30_000);
    expect(parseDuration("5 minutes")).toBeUndefined();
    expect(parseDuration("m")).toBeUndefined();
  });

  it("formats for messages", () => {
    expect(formatDuration(300_000)).toBe("5m");
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(61_000)).toBe("1m1s");
    expect(formatDuration(250)).toBe("250ms");
  });
});
