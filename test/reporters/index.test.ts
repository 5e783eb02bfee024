import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { chooseReporterKind, createReporter, isCI, type ReporterKind } from "../../src/reporters/index.js";
import { JsonReporter } from "../../src/reporters/json.js";
import { PlainReporter } from "../../src/reporters/plain.js";

describe("chooseReporterKind", () => {
  it.each([
    [{ json: true, isTTY: true, ci: false }, "json"],
    [{ json: true, isTTY: false, ci: true }, "json"],
    [{ json: false, isTTY: true, ci: false }, "ink"],
    [{ json: false, isTTY: true, ci: true }, "plain"],
    [{ json: false, isTTY: false, ci: false }, "plain"],
  ] as const)("%o -> %s", (context, kind) => {
    expect(chooseReporterKind(context)).toBe(kind);
  });
});

describe("createReporter", () => {
  it("builds the reporter named", () => {
    const options = { stdout: new PassThrough(), title: "roll deploy demo" };
    expect(createReporter("plain", options)).toBeInstanceOf(PlainReporter);
    expect(createReporter("json", options)).toBeInstanceOf(JsonReporter);
  });

  it("names the choices when the kind is unknown", () => {
    expect(() => createReporter("html" as ReporterKind, { stdout: new PassThrough(), title: "t" })).toThrow(
      'unknown reporter "html"; expected one of: ink, plain, json',
    );
  });
});

describe("isCI", () => {
  it("reads the CI conventions", () => {
    expect(isCI({ CI: "true" })).toBe(true);
    expect(isCI({ CONTINUOUS_INTEGRATION: "1" })).toBe(true);
    expect(isCI({ CI: "false" })).toBe(false);
    expect(isCI({ CI: "0" })).toBe(false);
    expect(isCI({})).toBe(false);
  });
});
