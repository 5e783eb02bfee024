// Crash safety (2/2): kill -9 once provisioning has begun (provisioning, stopped, image created: the
// killed bake's image is a leftover too, never a version), then "a second identical `roll bake demo`
// does not launch an instance".

import { describe, expect, it } from "vitest";
import { ndjson, runCli } from "./cli-helpers.js";
import { bakeKilledAt, cli, instanceIds, killAndCollect, PHASES, useCliSandbox } from "./crash-helpers.js";

useCliSandbox();

describe("a bake killed with kill -9", () => {
  for (const [phase, match] of PHASES.slice(4)) killAndCollect(phase, match, { dryRun: phase === "image created" });
});

describe("after the crashes", () => {
  it("a bake warns about leftovers of a dead bake, and an identical second bake launches no instance", async () => {
    await bakeKilledAt(PHASES[2]![1]);
    const first = await runCli(["bake", "demo", "--json"], cli.env);
    expect(first.code, first.stderr).toBe(0);
    const firstEvents = ndjson(first.stdout);
    expect(firstEvents.some((e) => e.type === "log" && e.level === "warn" && /left by dead bakes of demo.*run `roll gc`/.test(String(e.message)))).toBe(true);
    // The killed bakes used up the lowest numbers (a number is never handed out twice).
    expect(firstEvents.at(-1)).toMatchObject({ type: "result", outcome: "baked", version: expect.stringMatching(/^v\d+$/) });
    const version = firstEvents.at(-1)!.version;
    const gc = await runCli(["gc", "--json"], cli.env);
    expect(JSON.parse(gc.stdout).failed).toEqual([]);

    const instancesBefore = await instanceIds();
    const second = await runCli(["bake", "demo", "--json"], cli.env);
    expect(second.code, second.stderr).toBe(0);
    const events = ndjson(second.stdout);
    expect(events.at(-1)).toMatchObject({ type: "result", outcome: "reused", version, imageId: firstEvents.at(-1)!.imageId });
    expect(events.some((e) => e.type === "resource" && e.kind === "instance")).toBe(false);
    expect(events.some((e) => e.type === "log" && e.level === "warn")).toBe(false);
    expect([...(await instanceIds())].filter((id) => !instancesBefore.has(id))).toEqual([]);

    const images = await runCli(["images", "demo", "--json"], cli.env);
    expect(images.code, images.stderr).toBe(0);
    const listing = JSON.parse(images.stdout) as { images: Array<Record<string, unknown>> };
    expect(listing.images).toHaveLength(1);
    expect(listing.images[0]).toMatchObject({ version, state: "available", live: false, imageId: firstEvents.at(-1)!.imageId });
    expect(listing.images[0]!.baseImage).toMatch(/^ami-/);
    expect(listing.images[0]!.templateDigest).toMatch(/^[0-9a-f]{64}$/);
  }, 90_000);
});
