// SDK errors become RollErrors in one place, with the fault the answer implies: through the real SDK
// over HTTP, a DescribeImages that AWS could not answer (503) is "external, try again", never "your
// image is missing"; an image that does not exist is the user's to fix.

import { DescribeImagesCommand, EC2Client, EC2ServiceException } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkFault } from "../../../src/cloud/aws/errors.js";
import { assertImageAvailable } from "../../../src/cloud/aws/images.js";
import { isRollError, type RollError } from "../../../src/engine/errors.js";
import { putFaults } from "../../../sandbox/test/faults/helpers.js";
import { startTestSandbox, type TestSandbox } from "../../../sandbox/test/helpers.js";

let t: TestSandbox;
let ec2: EC2Client;
let imageId: string;

beforeAll(async () => {
  t = await startTestSandbox();
  // One attempt per call, so the test sees the sandbox's answer rather than the SDK's retries.
  ec2 = new EC2Client({ endpoint: t.sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["sandbox-linux-base-*"] }] }));
  imageId = images.Images![0]!.ImageId!;
});
afterAll(async () => {
  await t?.close();
});

async function failure(promise: Promise<unknown>): Promise<RollError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isRollError(error), String(error)).toBe(true);
  return error as RollError;
}

describe("assertImageAvailable", () => {
  it("passes for an available image", async () => {
    await expect(assertImageAvailable({ ec2: () => ec2 }, imageId, "the base image")).resolves.toBeUndefined();
  });

  it("an image that does not exist is the user's fault, named", async () => {
    const error = await failure(assertImageAvailable({ ec2: () => ec2 }, "ami-0123456789abcdef0", "version v3's image"));
    expect(error.code).toBe("image-missing");
    expect(error.fault).toBe("user");
    expect(error.message).toBe("version v3's image ami-0123456789abcdef0 no longer exists");
  });

  it("a DescribeImages AWS could not answer is external, not a missing image", async () => {
    expect((await putFaults(t.sandbox.endpoint, { errorRate: { DescribeImages: 1 }, errorKind: "unavailable" })).status).toBe(200);
    try {
      const error = await failure(assertImageAvailable({ ec2: () => ec2 }, imageId, "version v1's image"));
      expect(error.code).toBe("cloud-error");
      expect(error.fault).toBe("external");
      expect(error.message).toContain("describing version v1's image");
      expect(error.message).toContain("ServiceUnavailable");
      expect(error.hint).toContain("run the command again");
    } finally {
      await putFaults(t.sandbox.endpoint, {});
    }
  });
});

describe("sdkFault", () => {
  const sdkError = (name: string, fault: "client" | "server", status: number) =>
    new EC2ServiceException({ name, $fault: fault, $metadata: { httpStatusCode: status }, message: name });

  it.each([
    ["RequestLimitExceeded", "client", 503, "external"],
    ["Throttling", "client", 400, "external"],
    ["InternalError", "server", 500, "external"],
    ["InvalidAMIID.NotFound", "client", 400, "user"],
    ["UnauthorizedOperation", "client", 403, "user"],
    ["InvalidParameterCombination", "client", 400, "internal"],
  ] as const)("%s (%s, %i) is %s", (name, fault, status, expected) => {
    expect(sdkFault(sdkError(name, fault, status))).toBe(expected);
  });

  it("a refused connection is external", () => {
    expect(sdkFault(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe("external");
  });
});
