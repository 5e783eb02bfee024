// The amazon-ebs builder end to end: real SDK over HTTP to the sandbox cloud, real SSH to its
// instances, real provisioners.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bakeImage, type BakeImageOptions } from "../../../src/bake/amazon-ebs/index.js";
import { createRedactor, REDACTED } from "../../../src/engine/redact.js";
import { isRollError } from "../../../src/engine/errors.js";
import type { RollEvent } from "../../../src/engine/events.js";
import type { ProvisionerConfig, Value } from "../../../src/template/types.js";
import { block } from "../support/blocks.js";
import { imagesOfBake, leftovers, startTestCloud } from "../support/cloud.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
const root = mkdtempSync(path.join(os.tmpdir(), "roll-bake-root-"));
const SECRET = "hunter2-api-token";

beforeAll(async () => {
  cloud = await startTestCloud();
  writeFileSync(path.join(root, "motd"), "baked by roll\n");
});

afterAll(async () => {
  await cloud?.close();
});

function source(fields: Record<string, Value> = {}) {
  return block("amazon-ebs", {
    source_ami_filter: { filters: { name: "sandbox-linux-base-*", "root-device-type": "ebs" }, owners: ["amazon"], most_recent: true },
    instance_type: "t3.micro",
    ssh_username: "ec2-user",
    ssh_timeout: "30s",
    temporary_key_pair_type: "ed25519",
    ...fields,
  }, 1, "app");
}

function bakeId(): string {
  return `t${randomBytes(5).toString("hex")}`;
}

async function bake(id: string, overrides: Partial<BakeImageOptions> & { fields?: Record<string, Value>; provisioners?: ProvisionerConfig[] }) {
  const events: RollEvent[] = [];
  const options: BakeImageOptions = {
    clients: cloud.clients,
    source: source({ ami_name: `roll-test-${id}`, ...overrides.fields }),
    provisioners: overrides.provisioners ?? [],
    errorCleanupProvisioners: overrides.errorCleanupProvisioners,
    templateRoot: root,
    app: "web",
    imageTags: { "roll:app": "web", "roll:version": "v7" },
    bakeId: id,
    signal: overrides.signal ?? new AbortController().signal,
    emit: (event) => {
      events.push(event);
      overrides.emit?.(event);
    },
    redact: createRedactor([SECRET]),
  };
  const outcome = await bakeImage(options).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  return { ...outcome, events };
}

function resourceLog(events: RollEvent[]): string[] {
  return events.flatMap((e) => (e.type === "resource" ? [`${e.action} ${e.kind}`] : []));
}

describe("amazon-ebs bake", () => {
  it("bakes an image (and a copy), runs the provisioners over SSH, and removes every temporary", async () => {
    const id = bakeId();
    const { result, error, events } = await bake(id, {
      fields: { ami_regions: ["us-west-2"], tags: { team: "platform" }, snapshot_tags: { kind: "root" } },
      provisioners: [
        block("shell", { inline: ["echo \"token=$TOKEN\"", "echo baked | sudo tee /etc/roll-baked >/dev/null || echo baked > /tmp/roll-baked"], environment_vars: [`TOKEN=${SECRET}`] }, 20),
        block("file", { source: "motd", destination: "/tmp/motd" }, 30),
        block("shell", { inline: ["cat /tmp/motd"] }, 40),
      ],
    });
    expect(error).toBeUndefined();
    expect(result!.imageId).toMatch(/^ami-/);
    expect(result!.copies["us-west-2"]).toMatch(/^ami-/);
    expect(result!.sourceImageId).toMatch(/^ami-/);
    expect(Object.keys(result!.durationMs)).toEqual(expect.arrayContaining(["run-instance", "provision", "create-image", "copy-regions"]));

    const outputs = events.flatMap((e) => (e.type === "output" ? [e.line] : []));
    expect(outputs).toContain(`token=${REDACTED}`);
    expect(outputs).toContain("baked by roll");
    expect(JSON.stringify(events)).not.toContain(SECRET);

    const [image] = (await cloud.clients.ec2().send(new DescribeImagesCommand({ ImageIds: [result!.imageId!] }))).Images!;
    expect(image!.State).toBe("available");
    expect(image!.Name).toBe(`roll-test-${id}`);
    const tags = Object.fromEntries((image!.Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags).toMatchObject({ team: "platform", "roll:app": "web", "roll:version": "v7", "roll:bake-id": id });
    expect((await imagesOfBake(cloud.clients, id, "us-west-2")).map((i) => i.ImageId)).toEqual([result!.copies["us-west-2"]]);

    expect(await leftovers(cloud.clients, id)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
    expect(resourceLog(events)).toEqual([
      "created key-pair",
      "created security-group",
      "created instance",
      "created image",
      "created image",
      "kept image",
      "deleted instance",
      "deleted security-group",
      "deleted key-pair",
    ]);

    // The image holds what the provisioners wrote: a second bake from it finds the file.
    const second = bakeId();
    const check = await bake(second, {
      fields: { source_ami: result!.imageId!, source_ami_filter: null, skip_create_ami: true },
      provisioners: [block("shell", { inline: ["cat /etc/roll-baked 2>/dev/null || cat /tmp/roll-baked"] })],
    });
    expect(check.error).toBeUndefined();
    expect(check.events.flatMap((e) => (e.type === "output" ? [e.line] : []))).toContain("baked");
    expect(check.result).toMatchObject({ imageId: "", imageCreated: false });
    expect(await leftovers(cloud.clients, second)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  });

  it("fails on a failing provisioner, naming it, runs the error-cleanup-provisioner on the machine first, and leaves nothing behind", async () => {
    const id = bakeId();
    const { error, events } = await bake(id, {
      provisioners: [block("shell", { inline: ["echo about to fail", "exit 3"] }, 44)],
      errorCleanupProvisioners: [block("shell", { inline: ["echo cleaning up on $(hostname)"] }, 50)],
    });
    expect(isRollError(error) && error.code).toBe("provisioner-failed");
    expect((error as Error).message).toBe('provisioner "shell" #1 at line 44 failed: inline script exited with code 3');
    // In order: the failure's output, the error-cleanup-provisioner's output, then the builder's clean-up.
    const order = events.flatMap((e) => (e.type === "output" ? [e.line.replace(/ on .*/, " on <host>")] : e.type === "resource" && e.action === "deleted" ? [`deleted ${e.kind}`] : []));
    expect(order.slice(0, 3)).toEqual(["about to fail", "cleaning up on <host>", "deleted instance"]);
    expect(await leftovers(cloud.clients, id)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
    expect(await imagesOfBake(cloud.clients, id)).toEqual([]);
  });

  it("removes the image and its copies when the bake fails after creating them", async () => {
    const id = bakeId();
    const { error, events } = await bake(id, { fields: { ami_regions: ["us-west-2"], ami_users: ["123456789012"] } });
    expect(isRollError(error) && error.code).toBe("ami-users-unsupported");
    expect((error as Error).message).toMatch(/ami_users is not supported by the sandbox cloud: ModifyImageAttribute answered \w+; the image was not shared with 123456789012/);
    expect(resourceLog(events)).toEqual(expect.arrayContaining(["deleted image", "deleted snapshot"]));
    const remaining = [...(await imagesOfBake(cloud.clients, id)), ...(await imagesOfBake(cloud.clients, id, "us-west-2"))];
    expect(remaining.filter((i) => i.State !== "deregistered")).toEqual([]);
    expect(await leftovers(cloud.clients, id)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  });

  it("cleans up when cancelled mid-bake", async () => {
    const id = bakeId();
    const controller = new AbortController();
    const started = Date.now();
    const { error, events } = await bake(id, {
      signal: controller.signal,
      emit: (event) => {
        if (event.type === "output" && event.line === "provisioning started") controller.abort();
      },
      provisioners: [block("shell", { inline: ["echo provisioning started", "sleep 60"] })],
    });
    expect(isRollError(error) && error.code).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(50_000);
    expect(resourceLog(events)).toEqual(expect.arrayContaining(["deleted instance", "deleted security-group", "deleted key-pair"]));
    expect(await leftovers(cloud.clients, id)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
    expect(await imagesOfBake(cloud.clients, id)).toEqual([]);
  });

  it("cleans up when cancelled while waiting for the instance", async () => {
    const id = bakeId();
    const controller = new AbortController();
    const { error, events } = await bake(id, {
      signal: controller.signal,
      emit: (event) => {
        if (event.type === "resource" && event.kind === "instance" && event.action === "created") controller.abort();
      },
      provisioners: [block("shell", { inline: ["echo never"] })],
    });
    expect(isRollError(error) && error.code).toBe("cancelled");
    expect(events.some((e) => e.type === "provisioner")).toBe(false);
    expect(resourceLog(events)).toEqual([
      "created key-pair",
      "created security-group",
      "created instance",
      "deleted instance",
      "deleted security-group",
      "deleted key-pair",
    ]);
    expect(await leftovers(cloud.clients, id)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  });

  it("names the filter when no source image matches, before creating anything", async () => {
    const id = bakeId();
    const { error, events } = await bake(id, {
      fields: { source_ami_filter: { filters: { name: "no-such-image-*" }, owners: ["amazon"], most_recent: true } },
    });
    expect((error as Error).message).toBe('source_ami_filter matched no image in us-east-1 (name="no-such-image-*", owners=["amazon"])');
    expect(isRollError(error) && error.location).toMatchObject({ file: "/templates/app.pkr.hcl", line: 2 });
    expect(resourceLog(events)).toEqual([]);
  });

  it("refuses a bad field before touching the cloud", async () => {
    const id = bakeId();
    const { error, events } = await bake(id, { fields: { ssh_port: "twenty-two" }, provisioners: [block("shell", { inline: ["true"] })] });
    expect((error as Error).message).toBe('source "amazon-ebs" "app": "ssh_port" must be a whole number, got a string "twenty-two"');
    expect(events).toEqual([]);
  });
});
