// Probes: the sandbox API accepted any Host and Origin (a web page in the user's browser could drive
// it: CSRF, DNS rebinding), and its files were world-readable.

import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { request } from "node:http";
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCloud } from "../e2e/helpers.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.sandbox.close();
});

function post(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const endpoint = new URL(cloud.sandbox.endpoint);
  const body = "Action=DescribeInstances&Version=2016-11-15";
  return new Promise((resolve, reject) => {
    const req = request(
      { host: endpoint.hostname, port: endpoint.port, method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded", ...headers } },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("the sandbox API only answers programs on this machine", () => {
  it("refuses a browser's Origin and a rebound Host; the SDK still works", async () => {
    const fromPage = await post({ origin: "https://evil.example" });
    expect(fromPage.status).toBe(403);
    expect(fromPage.body).toContain("AccessDenied");
    const rebound = await post({ host: `evil.example:${new URL(cloud.sandbox.endpoint).port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain("is not this sandbox");
    const local = await post({});
    expect(local.status).not.toBe(403);
    await expect(cloud.clients.ec2().send(new DescribeInstancesCommand({}))).resolves.toBeDefined();
  }, 120_000);

  it("keeps its folder private (0700) and its state file 0600", async () => {
    await cloud.sandbox.close();
    expect(statSync(cloud.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cloud.dataDir, "state.json")).mode & 0o777).toBe(0o600);
  }, 120_000);
});
