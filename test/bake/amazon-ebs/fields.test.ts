// The remaining amazon-ebs fields and the post-processors, against the sandbox through the real SDK
// and real SSH: force_deregister, ssh_interface, launch_block_device_mappings, what the sandbox cannot
// honour (refused by name before anything is created), manifest and shell-local post-processors, and
// the finished image losing its roll:temporary mark.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bakeImage } from "../../../src/bake/amazon-ebs/index.js";
import { isRollError } from "../../../src/engine/errors.js";
import type { RollEvent } from "../../../src/engine/events.js";
import { createRedactor, REDACTED } from "../../../src/engine/redact.js";
import type { ProvisionerConfig, Value } from "../../../src/template/types.js";
import { block, sandboxSourceFields } from "../support/blocks.js";
import { leftovers, startTestCloud } from "../support/cloud.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
const dir = mkdtempSync(path.join(os.tmpdir(), "roll-fields-"));
const SECRET = "s3cr3t-deploy-token";

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

async function bake(fields: Record<string, Value>, extra: { provisioners?: ProvisionerConfig[]; postProcessors?: ProvisionerConfig[] } = {}) {
  const bakeId = `t${randomBytes(5).toString("hex")}`;
  const events: RollEvent[] = [];
  const outcome = await bakeImage({
    clients: cloud.clients,
    source: block(
      "amazon-ebs",
      {
        ...sandboxSourceFields(`roll-fields-${bakeId}`),
        ...fields,
      },
      1,
      "app",
    ),
    provisioners: extra.provisioners ?? [],
    postProcessors: extra.postProcessors,
    templateRoot: dir,
    app: "web",
    imageTags: { "roll:app": "web", "roll:version": "v1" },
    bakeId,
    signal: new AbortController().signal,
    emit: (event) => void events.push(event),
    redact: createRedactor([SECRET]),
  }).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  return { ...outcome, bakeId, events };
}

const logs = (events: RollEvent[], level?: string) => events.flatMap((e) => (e.type === "log" && (!level || e.level === level) ? [e.message] : []));

async function imageOf(imageId: string) {
  const answer = await cloud.clients.ec2().send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "image-id", Values: [imageId] }] }));
  return (answer.Images ?? []).find((image) => image.State !== "deregistered");
}

describe("amazon-ebs fields", () => {
  it("bakes with ssh_interface, block devices (warned about in the sandbox), post-processors; force_deregister replaces the image", async () => {
    const manifest = path.join(dir, "manifest.json");
    const name = `roll-fields-${randomBytes(4).toString("hex")}`;
    const postProcessors = [
      block("manifest", { output: manifest, custom_data: { token: SECRET, team: "platform" } }, 40),
      block("shell-local", { inline: ['echo "post $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE"'] }, 45),
    ];
    const first = await bake(
      { ami_name: name, ssh_interface: "private_ip", launch_block_device_mappings: [{ device_name: "/dev/xvda", volume_size: 16, volume_type: "gp3" }] },
      { postProcessors },
    );
    expect(first.error).toBeUndefined();
    expect(logs(first.events, "warn")).toEqual([
      "launch_block_device_mappings (/dev/xvda 16 GiB gp3) is sent, but the sandbox cloud does not model volume sizes or types: it has no effect there",
    ]);
    expect(logs(first.events).some((m) => /^builder instance i-\w+ is running at 127\.\d+\.\d+\.\d+$/.test(m))).toBe(true);
    expect(first.events.some((e) => e.type === "output" && e.line === "post app amazon-ebs")).toBe(true);
    const written = JSON.parse(readFileSync(manifest, "utf8"));
    expect(written).toEqual({
      builds: [
        {
          name: "app",
          builder_type: "amazon-ebs",
          build_time: expect.any(Number),
          files: null,
          artifact_id: `us-east-1:${first.result!.imageId}`,
          packer_run_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
          custom_data: { token: REDACTED, team: "platform" },
        },
      ],
      last_run_uuid: written.builds[0].packer_run_uuid,
    });
    const image = await imageOf(first.result!.imageId);
    const tags = Object.fromEntries((image!.Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags).toMatchObject({ "roll:app": "web", "roll:version": "v1", "roll:bake-id": first.bakeId });
    expect(tags["roll:temporary"]).toBeUndefined();

    // The same name again: refused before anything is created, unless force_deregister says replace it.
    const taken = await bake({ ami_name: name });
    expect(isRollError(taken.error) && taken.error.code).toBe("image-name-taken");
    expect(taken.events.filter((e) => e.type === "resource")).toEqual([]);

    const replaced = await bake({ ami_name: name, force_deregister: true, force_delete_snapshot: true }, { postProcessors });
    expect(replaced.error).toBeUndefined();
    expect(replaced.result!.imageId).not.toBe(first.result!.imageId);
    expect(await imageOf(first.result!.imageId)).toBeUndefined();
    expect((await imageOf(replaced.result!.imageId))?.Name).toBe(name);
    expect(replaced.events.some((e) => e.type === "resource" && e.action === "deleted" && e.kind === "snapshot")).toBe(true);
    // The manifest accumulates, Packer-style.
    const both = JSON.parse(readFileSync(manifest, "utf8"));
    expect(both.builds.map((b: { artifact_id: string }) => b.artifact_id)).toEqual([`us-east-1:${first.result!.imageId}`, `us-east-1:${replaced.result!.imageId}`]);
    expect(both.last_run_uuid).toBe(both.builds[1].packer_run_uuid);
    expect(readFileSync(manifest, "utf8")).not.toContain(SECRET);
  }, 90_000);

  it("ssh_interface = public_dns uses the DNS name, and the failure says which address it tried", async () => {
    const { error, bakeId } = await bake({ ssh_interface: "public_dns", ssh_timeout: "2s" }, { provisioners: [block("shell", { inline: ["true"] })] });
    expect((error as Error).message).toMatch(/ec2-127-\d+-\d+-\d+\.compute-1\.amazonaws\.com/);
    expect(await leftovers(cloud.clients, bakeId)).toEqual({ instances: [], keyPairs: [], securityGroups: [] });
  }, 60_000);

  it("refuses what the sandbox cannot honour, by field, before creating anything", async () => {
    const cases: Array<[Record<string, Value>, string]> = [
      [{ encrypt_boot: true, kms_key_id: "alias/roll" }, '"encrypt_boot" is not supported by this target: the sandbox cloud does not encrypt volumes or images'],
      [{ iam_instance_profile: "builder" }, '"iam_instance_profile" is not supported by this target: the sandbox cloud has no IAM'],
      [{ spot_price: "auto" }, '"spot_price" is not supported by this target: the sandbox cloud has no spot market'],
      [
        { launch_block_device_mappings: [{ device_name: "/dev/xvda", encrypted: true }] },
        '"launch_block_device_mappings" is not supported by this target: the sandbox cloud does not encrypt volumes (encrypted = true)',
      ],
    ];
    for (const [fields, message] of cases) {
      const { error, events } = await bake(fields);
      expect((error as Error).message).toBe(message);
      expect(isRollError(error) && error.location?.field).toBe(Object.keys(fields)[0]);
      expect(events).toEqual([]);
    }
  });

  it("refuses an unknown post-processor or a bad post-processor field before creating anything", async () => {
    const unknown = await bake({}, { postProcessors: [block("amazon-import", {}, 50)] });
    expect((unknown.error as Error).message).toBe('roll cannot run post-processor "amazon-import" yet; it runs "manifest", "shell-local"');
    const bad = await bake({}, { postProcessors: [block("manifest", { outptu: "m.json" }, 51)] });
    expect((bad.error as Error).message).toBe('post-processor "manifest": unknown field "outptu"');
    expect([...unknown.events, ...bad.events]).toEqual([]);
  });
});
