// Bake-or-reuse: the content hash covers the resolved base image, so the same template over a newer
// base image bakes again, an identical one is reused without launching anything, --force rebakes,
// and every image carries roll:base-image and roll:template-digest.

import { CopyImageCommand, DescribeImagesCommand, waitUntilImageAvailable } from "@aws-sdk/client-ec2";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RollEvent } from "../../src/engine/events.js";
import { createRedactor } from "../../src/engine/redact.js";
import { bakeOrReuse } from "../../src/pipelines/bake.js";
import type { RunContext } from "../../src/pipelines/context.js";
import { createReleaseStore } from "../../src/releases/store.js";
import { loadTemplate } from "../../src/template/index.js";
import { startTestCloud } from "../bake/support/cloud.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
const stateRoot = mkdtempSync(join(tmpdir(), "roll-bake-state-"));
const templateDir = mkdtempSync(join(tmpdir(), "roll-bake-template-"));
const templateFile = join(templateDir, "app.pkr.hcl");

beforeAll(async () => {
  cloud = await startTestCloud();
  writeFileSync(
    templateFile,
    `source "amazon-ebs" "app" {
  instance_type = "t3.micro"
  ami_name      = "app-\${uuidv4()}"
  ssh_username  = "ec2-user"
  ssh_timeout   = "30s"
  source_ami_filter {
    filters     = { name = "rolltest-base-*" }
    owners      = ["self"]
    most_recent = true
  }
}

build {
  sources = ["source.amazon-ebs.app"]
  provisioner "shell" {
    inline = ["echo provisioned"]
  }
}
`,
  );
});
afterAll(async () => {
  await cloud?.close();
});

/** A base image of our own: a copy of the sandbox's base image under a name the filter matches. */
async function publishBase(name: string): Promise<string> {
  const ec2 = cloud.clients.ec2();
  const [amazon] = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }))).Images!;
  const copy = await ec2.send(new CopyImageCommand({ SourceImageId: amazon!.ImageId, SourceRegion: cloud.clients.target.region, Name: name }));
  await waitUntilImageAvailable({ client: ec2, minDelay: 0.2, maxDelay: 1, maxWaitTime: 60 }, { ImageIds: [copy.ImageId!] });
  return copy.ImageId!;
}

async function bake(force = false) {
  const events: RollEvent[] = [];
  const ctx: RunContext = { projectRoot: templateDir, stateRoot, clients: cloud.clients, emit: (e) => void events.push(e), signal: new AbortController().signal };
  const template = await loadTemplate(templateFile);
  const outcome = await bakeOrReuse(ctx, { app: "app", template, templateFile, store: createReleaseStore(stateRoot, "app"), force, redact: createRedactor([]) });
  const [image] = (await cloud.clients.ec2().send(new DescribeImagesCommand({ ImageIds: [outcome.imageId] }))).Images!;
  const tags = Object.fromEntries((image!.Tags ?? []).map((t) => [t.Key!, t.Value!]));
  return { outcome, events, tags, launched: events.some((e) => e.type === "resource" && e.kind === "instance" && e.action === "created") };
}

describe("bake or reuse", () => {
  it("reuses an identical bake, bakes again over a newer base image, and rebakes with force", async () => {
    const base1 = await publishBase("rolltest-base-1");
    const first = await bake();
    expect(first.outcome).toMatchObject({ version: "v1", reused: false });
    expect(first.launched).toBe(true);
    expect(first.tags).toMatchObject({ "roll:app": "app", "roll:version": "v1", "roll:base-image": base1, "roll:content-hash": first.outcome.contentHash });
    expect(first.tags["roll:template-digest"]).toMatch(/^[0-9a-f]{64}$/);

    const again = await bake();
    expect(again.outcome).toMatchObject({ version: "v1", reused: true, imageId: first.outcome.imageId, contentHash: first.outcome.contentHash });
    expect(again.events.filter((e) => e.type === "resource")).toEqual([]);

    // Same template, same files: only the image behind source_ami_filter changed.
    const base2 = await publishBase("rolltest-base-2");
    const newer = await bake();
    expect(newer.outcome).toMatchObject({ version: "v2", reused: false });
    expect(newer.outcome.contentHash).not.toBe(first.outcome.contentHash);
    expect(newer.tags).toMatchObject({ "roll:base-image": base2, "roll:template-digest": first.tags["roll:template-digest"] });

    const forced = await bake(true);
    expect(forced.outcome).toMatchObject({ version: "v3", reused: false });
    expect(forced.launched).toBe(true);
    expect(forced.outcome.contentHash).toBe(newer.outcome.contentHash);
  }, 90_000);
});
