// Fault settings from flags and admin JSON, the token bucket and the throttling table (pure logic).

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faultsFromFlags, faultsFromJson, parseDuration } from "../../src/faults/parse.js";
import { TokenBucket } from "../../src/faults/token-bucket.js";
import { Throttler } from "../../src/faults/throttle.js";
import { bumpPackages, bumpVersion } from "../../src/model/dpkg-status.js";

describe("fault flags", () => {
  it("reads rates, per-action values, durations and unhealthy-after", () => {
    expect(
      faultsFromFlags({
        throttle: "aws",
        errorRate: ["0.05", "RunInstances=0.2,DescribeImages=0"],
        latency: ["50ms", "DescribeInstances=2s"],
        bootFailureRate: "0.1",
        unhealthyAfter: "30s:0.1",
        sshRefuse: "20s",
        faultSeed: "7",
      }),
    ).toEqual({
      throttle: "aws",
      errorRate: { "*": 0.05, RunInstances: 0.2, DescribeImages: 0 },
      latencyMs: { "*": 50, DescribeInstances: 2000 },
      bootFailureRate: 0.1,
      unhealthyAfter: { afterMs: 30_000, rate: 0.1 },
      sshRefuseMs: 20_000,
      seed: 7,
    });
    expect(faultsFromFlags({})).toEqual({});
    expect(faultsFromFlags({ unhealthyAfter: "1m" })).toEqual({ unhealthyAfter: { afterMs: 60_000, rate: 1 } });
  });

  it("refuses bad values and names them", () => {
    expect(() => faultsFromFlags({ errorRate: ["1.5"] })).toThrow(/--error-rate \*: "1.5" is not a rate/);
    expect(() => faultsFromFlags({ latency: ["50"] })).toThrow(/"50" is not a duration; write it with a unit/);
    expect(() => faultsFromFlags({ throttle: "yes" })).toThrow(/"yes" is not a mode/);
    expect(() => faultsFromFlags({ errorRate: ["run-instances=0.1"] })).toThrow(/"run-instances" is not an API action name/);
    expect(() => faultsFromFlags({ unhealthyAfter: "30s:0.1:2" })).toThrow(/should look like 30s:0.1/);
    expect(() => parseDuration("fast", "--ssh-refuse")).toThrow(/--ssh-refuse: "fast"/);
  });

  it("checks admin JSON and refuses unknown faults", () => {
    expect(faultsFromJson({ throttle: "aws", latencyMs: { "*": 5 }, unhealthyAfter: null })).toEqual({ throttle: "aws", latencyMs: { "*": 5 }, unhealthyAfter: null });
    expect(() => faultsFromJson({ errorRate: { RunInstances: 2 } })).toThrow(/errorRate.RunInstances: 2 must be a number from 0 to 1/);
    expect(() => faultsFromJson({ chaos: true })).toThrow(/unknown fault "chaos"/);
    expect(() => faultsFromJson([1])).toThrow(/must be a JSON object/);
  });
});

describe("token buckets", () => {
  it("holds its capacity and refills at its rate", () => {
    const bucket = new TokenBucket(5, 2, 0);
    let taken = 0;
    while (bucket.take(1, 0)) taken++;
    expect(taken).toBe(5);
    expect(bucket.take(1, 400)).toBe(false); // 0.8 tokens
    expect(bucket.take(1, 500)).toBe(true); // 1 token after 0.5 s at 2/s
    expect(bucket.available(100_000)).toBe(5); // never above capacity
  });

  it("throttles RunInstances by requests and by instances, each API on its own bucket", () => {
    let now = 0;
    const throttler = new Throttler(() => now);
    const run = (count: number) => () => throttler.admit({ service: "ec2", action: "RunInstances", region: "us-east-1", resourceCount: count });
    for (let i = 0; i < 5; i++) run(1)();
    expect(run(1)).toThrow(expect.objectContaining({ code: "RequestLimitExceeded", status: 503 }));
    // Another API and another region have buckets of their own.
    throttler.admit({ service: "ec2", action: "DescribeInstances", region: "us-east-1", resourceCount: 1 });
    throttler.admit({ service: "ec2", action: "RunInstances", region: "eu-west-1", resourceCount: 1 });
    now = 60_000; // request bucket full again, resource bucket full (1000)
    expect(run(1001)).toThrow(expect.objectContaining({ code: "RequestLimitExceeded" }));
    run(1000)();
    now = 62_000;
    expect(run(5)).toThrow(expect.objectContaining({ code: "RequestLimitExceeded" })); // 4 instance tokens after 2 s
    run(4)();
    for (let i = 0; i < 40; i++) throttler.admit({ service: "autoscaling", action: i % 2 ? "DescribeAutoScalingGroups" : "UpdateAutoScalingGroup", region: "us-east-1", resourceCount: 1 });
    expect(() => throttler.admit({ service: "autoscaling", action: "DescribeAutoScalingGroups", region: "us-east-1", resourceCount: 1 })).toThrow(
      expect.objectContaining({ code: "Throttling", message: "Rate exceeded", status: 400 }),
    );
  });
});

describe("published base packages", () => {
  it("bumps Debian revisions", () => {
    expect(bumpVersion("3.0.11-1~deb12u2")).toBe("3.0.11-1~deb12u3");
    expect(bumpVersion("1:9.2p1-2+deb12u3")).toBe("1:9.2p1-2+deb12u4");
    expect(bumpVersion("2024a-0+deb12u1")).toBe("2024a-0+deb12u2");
    expect(bumpVersion("abc")).toBe("abc+1");
  });

  it("bumps the security packages present and says what changed", () => {
    const status = [
      "Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\n",
      "Package: openssl\nStatus: install ok installed\nVersion: 3.0.11-1~deb12u2\n",
      "Package: tzdata\nStatus: install ok installed\nVersion: 2024a-0+deb12u1\n",
    ].join("\n");
    const { status: next, changes } = bumpPackages(status);
    expect(changes).toEqual([
      { name: "openssl", from: "3.0.11-1~deb12u2", to: "3.0.11-1~deb12u3" },
      { name: "tzdata", from: "2024a-0+deb12u1", to: "2024a-0+deb12u2" },
    ]);
    expect(next).toContain("Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\n");
    expect(next).toContain("Version: 3.0.11-1~deb12u3");
  });

  it("moves every binary of a bumped source together, and exact relations follow", () => {
    const status = [
      "Package: openssh-client\nStatus: install ok installed\nSource: openssh\nVersion: 1:9.2p1-2+deb12u3\n",
      "Package: openssh-server\nStatus: install ok installed\nSource: openssh\nVersion: 1:9.2p1-2+deb12u3\nDepends: libc6 (>= 2.36), openssh-client (= 1:9.2p1-2+deb12u3), openssh-sftp-server\n",
      "Package: openssh-sftp-server\nStatus: install ok installed\nSource: openssh\nVersion: 1:9.2p1-2+deb12u3\nDepends: openssh-client (= 1:9.2p1-2+deb12u3)\n",
    ].join("\n");
    const { status: next, changes } = bumpPackages(status);
    expect(changes.map((c) => c.name)).toEqual(["openssh-client", "openssh-server", "openssh-sftp-server"]);
    expect(next).not.toContain("deb12u3");
    expect(next).toContain("Depends: libc6 (>= 2.36), openssh-client (= 1:9.2p1-2+deb12u4), openssh-sftp-server");
  });

  // The published base's database must satisfy apt: this host's real database, bumped, checked by apt itself.
  it("leaves apt's dependency check passing on a real dpkg database", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-dpkg-"));
    const file = join(dir, "status");
    const { status, changes } = bumpPackages(await readFile("/var/lib/dpkg/status", "utf8"));
    expect(changes.length).toBeGreaterThan(0);
    await writeFile(file, status);
    const check = spawnSync("apt-get", ["check", "-o", `Dir::State::status=${file}`], { encoding: "utf8" });
    expect(check.stdout + check.stderr).not.toMatch(/unmet dependencies/i);
    expect(check.status).toBe(0);
  });
});
