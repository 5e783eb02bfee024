import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareProvisioners, runProvisioners } from "../../../src/bake/provisioners/index.js";
import type { ProvisionerConfig } from "../../../src/template/types.js";
import { block } from "../support/blocks.js";
import { recorder } from "../support/events.js";

const root = mkdtempSync(path.join(os.tmpdir(), "roll-local-"));

async function provision(blocks: ProvisionerConfig[], confirm?: (message: string) => Promise<boolean>) {
  const rec = recorder();
  const error = await runProvisioners(prepareProvisioners(blocks, root), {
    templateRoot: root,
    builderType: "amazon-ebs",
    buildName: "app",
    signal: new AbortController().signal,
    emit: rec.emit,
    confirm,
  }).then(() => undefined, (e: unknown) => e);
  return { ...rec, error };
}

describe("shell-local", () => {
  it("runs inline commands and scripts on this host with the variables", async () => {
    writeFileSync(path.join(root, "local.sh"), "#!/bin/sh\necho \"script $NAME in $(basename $PWD)\"\n");
    const { output, error } = await provision([
      block("shell-local", { inline: ["echo \"inline $NAME $PACKER_BUILD_NAME\""], environment_vars: ["NAME=x y"] }),
      block("shell-local", { script: "local.sh", env: { NAME: "z" } }),
    ]);
    expect(error).toBeUndefined();
    expect(output("stdout")[0]).toBe("inline x y app");
    expect(output("stdout")[1]).toMatch(/^script z in /);
  });

  it("fails with the exit code", async () => {
    const { error } = await provision([block("shell-local", { inline: ["exit 4"] }, 12)]);
    expect((error as Error).message).toBe('provisioner "shell-local" #1 at line 12 failed: inline script exited with code 4');
  });

  it("needs a machine for remote provisioners", async () => {
    const { error } = await provision([block("shell", { inline: ["true"] })]);
    expect((error as Error).message).toContain("needs a connection to the machine");
  });
});

describe("breakpoint", () => {
  it("logs and continues when not interactive, and asks when it can", async () => {
    const quiet = await provision([block("breakpoint", { note: "look at /etc" })]);
    expect(quiet.error).toBeUndefined();
    expect(quiet.events.some((e) => e.type === "log" && e.message === "breakpoint: look at /etc (not interactive: continuing)")).toBe(true);

    const asked: string[] = [];
    const stopped = await provision([block("breakpoint", { note: "check" })], async (message) => {
      asked.push(message);
      return false;
    });
    expect(asked).toEqual(["breakpoint: check. Continue the bake?"]);
    expect((stopped.error as { code?: string }).code).toBe("cancelled");

    const disabled = await provision([block("breakpoint", { disable: true })], async () => false);
    expect(disabled.error).toBeUndefined();
  });
});
