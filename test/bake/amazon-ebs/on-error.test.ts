// --on-error=cleanup|abort|ask around a real amazon-ebs bake (real SDK, real SSH to the sandbox).

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bakeImage } from "../../../src/bake/amazon-ebs/index.js";
import { findBakeResources, removeBakeResources } from "../../../src/bake/leftovers/index.js";
import type { OnErrorOptions } from "../../../src/bake/on-error.js";
import { isRollError } from "../../../src/engine/errors.js";
import type { RollEvent } from "../../../src/engine/events.js";
import { createRedactor } from "../../../src/engine/redact.js";
import { block, sandboxSourceFields } from "../support/blocks.js";
import { leftovers, startTestCloud } from "../support/cloud.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

async function failingBake(onError: OnErrorOptions, signal = new AbortController().signal, onEvent?: (e: RollEvent) => void) {
  const bakeId = `t${randomBytes(5).toString("hex")}`;
  const events: RollEvent[] = [];
  const error = await bakeImage({
    clients: cloud.clients,
    source: block(
      "amazon-ebs",
      {
        ...sandboxSourceFields(`roll-onerror-${bakeId}`),
      },
      1,
      "app",
    ),
    provisioners: [block("shell", { inline: ["echo breaking", "exit 7"] }, 20)],
    templateRoot: "/tmp",
    app: "web",
    imageTags: { "roll:app": "web" },
    bakeId,
    signal,
    emit: (event) => {
      events.push(event);
      onEvent?.(event);
    },
    redact: createRedactor([]),
    onError,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { bakeId, events, error };
}

const kept = (events: RollEvent[]) => events.flatMap((e) => (e.type === "resource" && e.action === "kept" ? [`${e.kind}`] : []));
const deleted = (events: RollEvent[]) => events.flatMap((e) => (e.type === "resource" && e.action === "deleted" ? [`${e.kind}`] : []));

describe("--on-error", () => {
  it("abort leaves the builder and temporaries, says what and that roll gc removes them", async () => {
    const { bakeId, events, error } = await failingBake({ policy: "abort" });
    expect(isRollError(error) && error.code).toBe("provisioner-failed");
    expect(kept(events).sort()).toEqual(["instance", "key-pair", "security-group"]);
    expect(deleted(events)).toEqual([]);
    const warning = events.find((e) => e.type === "log" && e.level === "warn");
    expect(warning && warning.type === "log" && warning.message).toMatch(/^on-error=abort: the failed bake's resources were left for debugging: instance i-\w+ \(ec2-user@127\.[\d.]+:22\)/);
    expect(warning && warning.type === "log" && warning.message).toContain("`roll gc` removes them");
    const left = await leftovers(cloud.clients, bakeId);
    expect(left.instances).toHaveLength(1);
    expect(left.instances[0]).toMatch(/ running$/);
    expect(left.keyPairs).toHaveLength(1);
    expect(left.securityGroups).toHaveLength(1);

    // What gc would do: find the bake's resources by their tags and remove them all.
    const found = (await findBakeResources(cloud.clients, { regions: ["us-east-1"], app: "web" })).filter((r) => r.bakeId === bakeId);
    expect(found.map((r) => r.kind).sort()).toEqual(["instance", "key-pair", "security-group"]);
    const report = await removeBakeResources(cloud.clients, found, { signal: new AbortController().signal, emit: () => {} });
    expect(report.failed).toEqual([]);
    expect(await leftovers(cloud.clients, bakeId)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 60_000);

  it("ask puts the question once, with the failure and what the bake holds; cleanup removes everything", async () => {
    const questions: string[] = [];
    const { bakeId, events } = await failingBake({ policy: "ask", ask: async (question) => (questions.push(question), "cleanup") });
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain('provisioner "shell" #1 at line 20 failed: inline script exited with code 7');
    expect(questions[0]).toMatch(/It holds: instance i-\w+, security-group sg-\w+, key-pair roll-t\w+\./);
    expect(deleted(events)).toEqual(["instance", "security-group", "key-pair"]);
    expect(await leftovers(cloud.clients, bakeId)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 60_000);

  it("ask with nobody to answer cleans up instead of waiting", async () => {
    const { bakeId, events } = await failingBake({ policy: "ask" });
    expect(events.some((e) => e.type === "log" && e.message === "on-error=ask: nobody to ask (not a terminal), cleaning up")).toBe(true);
    expect(await leftovers(cloud.clients, bakeId)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 60_000);

  it("a cancelled bake cleans up even with abort", async () => {
    const controller = new AbortController();
    const { bakeId, events, error } = await failingBake({ policy: "abort" }, controller.signal, (event) => {
      if (event.type === "resource" && event.kind === "instance" && event.action === "created") controller.abort();
    });
    expect(isRollError(error) && error.code).toBe("cancelled");
    expect(kept(events)).toEqual([]);
    expect(await leftovers(cloud.clients, bakeId)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 60_000);
});
