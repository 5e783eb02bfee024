// The pure parts of a rebake: the manifest tap on the event stream, the comparison that decides, and
// the webhook (a real local HTTP server).

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { ResultEvent, RollEvent } from "../../src/engine/events.js";
import { manifestProvisioners, manifestTap, securityProvisioners, withRebakeSteps } from "../../src/rebake/capture.js";
import { compareWith } from "../../src/rebake/compare.js";
import type { VersionManifest } from "../../src/rebake/metadata.js";
import { notifyWebhooks } from "../../src/rebake/webhook.js";
import type { ImageTemplate } from "../../src/template/types.js";
import { webhookReceiver } from "./support.js";

const out = (line: string): RollEvent => ({ type: "output", stream: "stdout", line });

function manifest(version: string, base: string, packages: [string, string][]): VersionManifest {
  return {
    app: "demo",
    version,
    imageId: `ami-${version}`,
    baseImage: { id: base, name: `${base}-name` },
    capturedAt: "",
    vars: {},
    packages: packages.map(([name, v]) => ({ name, version: v, arch: "amd64" })),
  };
}

describe("the manifest tap", () => {
  it("collects the lines between its markers and forwards everything else", () => {
    const forwarded: RollEvent[] = [];
    const tap = manifestTap((event) => forwarded.push(event), "m1");
    for (const event of [out("before"), out("m1-begin"), out("bash\t5.2\tamd64"), out("zlib1g:amd64\t1.2\tamd64"), out("m1-end"), out("after")]) tap.emit(event);
    expect(tap.complete()).toBe(true);
    expect(tap.packages()).toEqual([
      { name: "bash", version: "5.2", arch: "amd64" },
      { name: "zlib1g", version: "1.2", arch: "amd64" },
    ]);
    expect(forwarded).toEqual([out("before"), out("after")]);
  });

  it("is not complete without the end marker", () => {
    const tap = manifestTap(() => {}, "m2");
    tap.emit(out("m2-begin"));
    tap.emit(out("bash\t5.2\tamd64"));
    expect(tap.complete()).toBe(false);
  });

  it("appends the security step and the capture to the build that has a source", () => {
    const template = { builds: [{ name: "x", sources: [], provisioners: [] }, { name: "b", sources: [{}], provisioners: [{ type: "file" }] }] } as unknown as ImageTemplate;
    const steps = [...securityProvisioners("sudo apt-get -y upgrade", "stacks/demo.ts"), ...manifestProvisioners({ marker: "m", file: "stacks/demo.ts" })];
    const patched = withRebakeSteps(template, steps);
    expect(patched.builds[1]!.provisioners.map((p) => [p.type, (p.fields?.inline as string[] | undefined)?.[0]])).toEqual([
      ["file", undefined],
      ["shell", "sudo apt-get -y upgrade"],
      ["shell", "echo m-begin"],
    ]);
    expect(template.builds[1]!.provisioners).toHaveLength(1); // the loaded template is left alone
  });
});

describe("comparing a rebake with the live version", () => {
  it("is up to date only with the same base image and the same packages", () => {
    const live = manifest("v1", "ami-base1", [["bash", "5.2"]]);
    expect(compareWith({ version: "v1", manifest: live }, manifest("v2", "ami-base1", [["bash", "5.2"]])).changed).toBe(false);
    const newBase = compareWith({ version: "v1", manifest: live }, manifest("v2", "ami-base2", [["bash", "5.2"]]));
    expect(newBase).toMatchObject({ changed: true, summary: { verdict: "new base image", baseImage: { from: "ami-base1", to: "ami-base2" } } });
    const upgraded = compareWith({ version: "v1", manifest: live }, manifest("v2", "ami-base1", [["bash", "5.3"], ["curl", "8"]]));
    expect(upgraded.summary.packages).toEqual({
      upgraded: [{ name: "bash", arch: "amd64", from: "5.2", to: "5.3" }],
      added: [{ name: "curl", version: "8", arch: "amd64" }],
      removed: [],
    });
  });

  it("counts as changed when nothing is live, or the live version has no manifest to compare with", () => {
    expect(compareWith(undefined, manifest("v1", "ami-b", [])).summary.verdict).toBe("nothing is live yet");
    expect(compareWith({ version: "v1", baseImageId: "ami-b" }, manifest("v2", "ami-b", [])).changed).toBe(true);
  });
});

describe("webhooks", () => {
  const result: ResultEvent = { type: "result", app: "demo", outcome: "up-to-date", version: "v1", live: "v1", durationMs: 5 };

  it("posts the result as JSON to each distinct address", async () => {
    const hook = await webhookReceiver();
    const events: RollEvent[] = [];
    await notifyWebhooks([hook.url, hook.url, undefined], result, (e) => events.push(e));
    await hook.close();
    expect(hook.bodies).toEqual([{ kind: "roll.rebake", app: "demo", outcome: "up-to-date", version: "v1", live: "v1", durationMs: 5 }]);
    expect(events).toEqual([{ type: "log", level: "info", message: expect.stringContaining("notified http://127.0.0.1") }]);
  });

  it("turns a failing hook into a warning that never shows the address's credentials", async () => {
    const server = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const port = (server.address() as AddressInfo).port;
    const events: RollEvent[] = [];
    await notifyWebhooks([`http://user:s3cret@127.0.0.1:${port}/hook?token=abc`], result, (e) => events.push(e));
    await new Promise<void>((done) => server.close(() => done()));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "log", level: "warn" });
    const text = JSON.stringify(events);
    expect(text).toContain("HTTP 500");
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("token=abc");
  });
});
