import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import demo from "../../stacks/demo.js";
import { isRollError } from "../../src/engine/errors.js";
import { AsgService, defineApp, type StackInputs } from "../../src/stack/index.js";
import { synthesizeApp, writeSynth } from "../../src/stack/synth.js";

const inputs: StackInputs = { app: "demo", region: "eu-west-1", imageId: "ami-0abc1234def567890" };

type Body = Record<string, any>;
const only = (json: any, type: string): Body => {
  const entries = Object.values(json.resource[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0] as Body;
};

describe("synthesizeApp", () => {
  it("puts the image in the launch template and pins the group to the given version", () => {
    const stack = synthesizeApp(demo, { ...inputs, groupLaunchTemplateVersion: 3 });
    const template = only(stack.json, "aws_launch_template");
    const group = only(stack.json, "aws_autoscaling_group");
    expect(template.image_id).toBe("ami-0abc1234def567890");
    expect(template.instance_type).toBe("t3.micro");
    expect(template.name).toBe("roll-demo");
    expect(template.tags["roll:app"]).toBe("demo");
    expect(template.tag_specifications.map((s: Body) => s.resource_type)).toEqual(["instance", "volume"]);
    expect(template.tag_specifications[0].tags["roll:app"]).toBe("demo");
    expect(group.name).toBe("roll-demo");
    expect(group.launch_template).toEqual({ id: `\${${stack.launchTemplate.address}.id}`, version: "3" });
    expect(group.availability_zones).toEqual(["eu-west-1a"]);
    expect([group.min_size, group.max_size, group.desired_capacity]).toEqual([4, 4, 4]);
    expect(stack.launchTemplate.name).toBe("roll-demo");
    expect(stack.group.name).toBe("roll-demo");
    expect(stack.resources.map((r) => r.type).sort()).toEqual(["aws_autoscaling_group", "aws_launch_template"]);
  });

  it("pins a first deploy to the template's latest_version, never $Latest", () => {
    const stack = synthesizeApp(demo, inputs);
    const group = only(stack.json, "aws_autoscaling_group");
    expect(group.launch_template.version).toBe(`\${${stack.launchTemplate.address}.latest_version}`);
    const text = JSON.stringify(stack.json);
    expect(text).not.toContain("$Latest");
    expect(text).not.toContain("$Default");
  });

  it("writes a fully qualified provider source and the region", () => {
    const stack = synthesizeApp(demo, inputs);
    expect((stack.json.terraform as Body).required_providers.aws.source).toBe("hashicorp/aws");
    expect(stack.json.provider!.aws![0]).toEqual({ region: "eu-west-1" });
  });

  it("points the provider at the sandbox when the target is the sandbox", () => {
    const stack = synthesizeApp(demo, inputs, { target: { kind: "sandbox", endpoint: "http://127.0.0.1:4599" } });
    const provider = stack.json.provider!.aws![0] as Body;
    expect(provider.endpoints).toEqual([{ ec2: "http://127.0.0.1:4599", autoscaling: "http://127.0.0.1:4599" }]);
    expect(provider.skip_credentials_validation).toBe(true);
    expect(provider.skip_requesting_account_id).toBe(true);
    expect(JSON.stringify(provider)).not.toMatch(/access_key|secret_key/);
  });

  it("base64-encodes user data", () => {
    const app = defineApp({
      ...demo,
      name: "web",
      stack(scope, stackInputs) {
        new AsgService(scope, "web", {
          inputs: stackInputs,
          instanceType: "t3.small",
          userData: "#!/bin/sh\necho hi\n",
          minSize: 1,
          maxSize: 3,
          subnetIds: ["subnet-1", "subnet-2"],
          instanceProfile: "web-profile",
          securityGroupIds: ["sg-1"],
        });
      },
    });
    const stack = synthesizeApp(app, { ...inputs, app: "web", groupLaunchTemplateVersion: 7 });
    const template = only(stack.json, "aws_launch_template");
    const group = only(stack.json, "aws_autoscaling_group");
    expect(Buffer.from(template.user_data, "base64").toString()).toBe("#!/bin/sh\necho hi\n");
    expect(template.iam_instance_profile).toEqual({ name: "web-profile" });
    expect(template.vpc_security_group_ids).toEqual(["sg-1"]);
    expect(group.vpc_zone_identifier).toEqual(["subnet-1", "subnet-2"]);
    expect(group.desired_capacity).toBeUndefined();
    expect(group.name).toBe("roll-web");
  });
});

describe("writeSynth", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("writes cdktf's layout, the same JSON synthesizeApp returns", () => {
    dir = mkdtempSync(join(tmpdir(), "roll-synth-test-"));
    const written = writeSynth(demo, { ...inputs, groupLaunchTemplateVersion: 2 }, dir);
    expect(written.file).toBe(join(dir, "stacks", "demo", "cdk.tf.json"));
    expect(existsSync(join(dir, "manifest.json"))).toBe(true);
    expect(JSON.parse(readFileSync(written.file, "utf8"))).toEqual(synthesizeApp(demo, { ...inputs, groupLaunchTemplateVersion: 2 }).json);
  });
});

describe("invalid stacks", () => {
  const appWith = (props: Partial<ConstructorParameters<typeof AsgService>[2]>, groups = 1) =>
    defineApp({
      ...demo,
      stack(scope, stackInputs) {
        for (let i = 0; i < groups; i++) {
          new AsgService(scope, `svc${i}`, { inputs: stackInputs, instanceType: "t3.micro", minSize: 1, maxSize: 2, availabilityZones: ["a"], ...props });
        }
      },
    });
  const errorOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error("expected an error");
  };

  it("names the bad value", () => {
    const error = errorOf(() => synthesizeApp(appWith({ minSize: 5, maxSize: 2 }), inputs));
    expect(isRollError(error) && error.code).toBe("invalid-stack");
    expect((error as Error).message).toContain("minSize 5 is larger than maxSize 2");
  });

  it("wants exactly one of zones and subnets", () => {
    const error = errorOf(() => synthesizeApp(appWith({ subnetIds: ["subnet-1"] }), inputs));
    expect((error as Error).message).toContain("exactly one of availabilityZones and subnetIds");
  });

  it("refuses a pinned version that is not a positive whole number", () => {
    const error = errorOf(() => synthesizeApp(appWith({}), { ...inputs, groupLaunchTemplateVersion: 0 }));
    expect((error as Error).message).toContain("got 0");
  });

  it("wants exactly one Auto Scaling group per app", () => {
    const error = errorOf(() => synthesizeApp(appWith({}, 2), inputs));
    expect(isRollError(error) && error.code).toBe("invalid-stack");
    expect((error as Error).message).toContain("found 2");
  });
});
