// No private key material is ever written: CreateKeyPair's key reaches the caller only.

import { CreateKeyPairCommand } from "@aws-sdk/client-ec2";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { startTestSandbox } from "../helpers.js";

it("keeps only the public half of created key pairs in state.json", async () => {
  const t = await startTestSandbox();
  try {
    const rsa = await t.ec2.send(new CreateKeyPairCommand({ KeyName: "rsa" }));
    const ed = await t.ec2.send(new CreateKeyPairCommand({ KeyName: "ed", KeyType: "ed25519" }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the debounced save
    const state = await readFile(join(t.dataDir, "state.json"), "utf8");
    expect(state).toContain("ssh-ed25519 ");
    for (const material of [rsa.KeyMaterial!, ed.KeyMaterial!]) {
      const body = material.split("\n").filter((line) => !line.startsWith("-----") && line.length > 0);
      expect(body.length).toBeGreaterThan(2);
      for (const line of body) expect(state).not.toContain(line);
    }
    expect(state).not.toMatch(/PRIVATE KEY/);
  } finally {
    await t.close();
  }
});
