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

  it("accepts Packer's access fields and lists them as ignored, never their values", () => {
    const config = parse({ ...base, custom_endpoint_ec2: "http://elsewhere.example", access_key: "AKIAEXAMPLE", secret_key: "s3cr3t", profile: "prod" });
    expect(config.ignoredAccessFields).toEqual(["access_key", "secret_key", "profile", "custom_endpoint_ec2"]);
    expect(parse(base).ignoredAccessFields).toEqual([]);
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
    expect(message({ ...base, ami_groups: ["all"] })).toBe('source "amazon-ebs" "app": unknown field "ami_groups"');
    expect(message({ ...base, spot_instance_types: ["t3.micro", "t3.small"] })).toBe(
      'source "amazon-ebs" "app": roll cannot run "spot_instance_types" yet (it needs an EC2 Fleet)',
    );
  });

  it("reads launch_block_device_mappings, encryption, the instance profile and spot price", () => {
    const config = parse({
      ...base,
      launch_block_device_mappings: [
        { device_name: "/dev/xvda", volume_size: 20, volume_type: "gp3", throughput: 250, delete_on_termination: true },
        { device_name: "/dev/sdb", no_device: true },
      ],
      encrypt_boot: true,
      kms_key_id: "alias/roll",
      iam_instance_profile: "builder",
      spot_price: "auto",
    });
    expect(config.launchBlockDevices).toEqual([
      { deviceName: "/dev/xvda", volumeSize: 20, volumeType: "gp3", throughput: 250, iops: undefined, deleteOnTermination: true, encrypted: undefined, kmsKeyId: undefined, snapshotId: undefined, virtualName: undefined, noDevice: false },
      expect.objectContaining({ deviceName: "/dev/sdb", noDevice: true }),
    ]);
    expect(config).toMatchObject({ encryptBoot: true, kmsKeyId: "alias/roll", iamInstanceProfile: "builder", spotPrice: "auto" });
  });

  it("checks the new fields' values and names the field", () => {
    expect(message({ ...base, kms_key_id: "alias/roll" })).toBe('source "amazon-ebs" "app": "kms_key_id" needs "encrypt_boot = true"');
    expect(message({ ...base, spot_price: "cheap" })).toBe('source "amazon-ebs" "app": "spot_price" must be a price such as "0.05" or "auto", got "cheap"');
    expect(message({ ...base, launch_block_device_mappings: [{ volume_size: 8 }] })).toBe(
      'source "amazon-ebs" "app" launch_block_device_mappings: "device_name" is required',
    );
    expect(message({ ...base, launch_block_device_mappings: [{ device_name: "/dev/xvda", volume_type: "gp2", iops: 3000 }] })).toBe(
      'source "amazon-ebs" "app" launch_block_device_mappings: "iops" needs volume_type "io1", "io2" or "gp3", got "gp2"',
    );
    expect(message({ ...base, launch_block_device_mappings: [{ device_name: "/dev/xvda", size: 8 }] })).toBe(
      'source "amazon-ebs" "app" launch_block_device_mappings: unknown field "size"',
    );
  });

  it("reads user_data_file relative to the template and names it when missing", () => {
    expect(message({ ...base, user_data_file: "boot.sh" })).toMatch(/"user_data_file": cannot read boot.sh: ENOENT/);
  });
});
