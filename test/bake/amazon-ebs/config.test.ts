import { describe, expect, it } from "vitest";
import { parseEbsConfig } from "../../../src/bake/amazon-ebs/config.js";
import type { Value } from "../../../src/template/types.js";
import { block } from "../support/blocks.js";

const base = { source_ami: "ami-0123456789abcdef0", instance_type: "t3.micro", ami_name: "web-1" };

function parse(fields: Record<string, Value>) {
  return parseEbsConfig(block("amazon-ebs", fields, 5, "app"), "/templates");
}

function message(fields: Record<string, Value>): string {
  try {
    parse(fields);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("amazon-ebs config", () => {
  it("applies Packer's defaults", () => {
    expect(parse(base)).toMatchObject({
      sourceName: "amazon-ebs.app",
      sshUsername: "ec2-user",
      sshPort: 22,
      sshTimeoutMs: 300_000,
      temporaryKeyPairType: "rsa",
      temporarySecurityGroupCidrs: ["0.0.0.0/0"],
      communicator: "ssh",
      securityGroupIds: [],
      amiRegions: [],
      forceDeregister: false,
    });
  });

  it("checks ami_name, the source choice and aws_polling", () => {
    expect(message({ ...base, ami_name: "ab" })).toBe('source "amazon-ebs" "app": "ami_name" must be 3 to 128 characters long, got 2');
    expect(message({ ...base, ami_name: "web{1}" })).toContain("may only contain");
    expect(message({ instance_type: "t3.micro", ami_name: "web-1" })).toContain('one of "source_ami" or "source_ami_filter" is required');
    expect(message({ ...base, source_ami_filter: { owners: ["self"] } })).toContain("not both");
    expect(message({ ...base, aws_polling: { delay_seconds: "soon" } })).toContain('"delay_seconds" must be a whole number');
    expect(parse({ ...base, aws_polling: { delay_seconds: 1, max_attempts: 3 } }).polling).toEqual({ delayMs: 1000, maxAttempts: 3 });
  });

  it("refuses fields roll does not implement, by name", () => {
    expect(message({ ...base, encrypt_boot: true })).toBe('source "amazon-ebs" "app": unknown field "encrypt_boot"');
  });

  it("reads user_data_file relative to the template and names it when missing", () => {
    expect(message({ ...base, user_data_file: "boot.sh" })).toMatch(/"user_data_file": cannot read boot.sh: ENOENT/);
  });
});
