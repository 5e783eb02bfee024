// `npx cdktf synth` runs cdktf.json's "app" command with CDKTF_OUTDIR set; this runs the same command.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

describe("stacks/main.ts (cdktf.json app)", () => {
  let outdir: string | undefined;
  afterEach(() => outdir && rmSync(outdir, { recursive: true, force: true }));

  it("synthesizes every app with inputs from the environment", async () => {
    outdir = mkdtempSync(join(tmpdir(), "roll-cdktf-out-"));
    const cdktf = JSON.parse(readFileSync(join(repoRoot, "cdktf.json"), "utf8")) as { app: string };
    const [command, ...args] = cdktf.app.split(" ");
    await run(command!, args, {
      cwd: repoRoot,
      env: { ...process.env, CDKTF_OUTDIR: outdir, ROLL_IMAGE_ID: "ami-0feedface", ROLL_REGION: "us-west-2", ROLL_LAUNCH_TEMPLATE_VERSION: "5" },
    });
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "demo", "cdk.tf.json"), "utf8"));
    expect(Object.values<any>(json.resource.aws_launch_template)[0].image_id).toBe("ami-0feedface");
    expect(Object.values<any>(json.resource.aws_autoscaling_group)[0].launch_template.version).toBe("5");
    expect(json.provider.aws[0].region).toBe("us-west-2");
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toContain("demo");
  });
});
