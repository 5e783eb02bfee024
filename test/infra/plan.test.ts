// The pure half of the direct applier: reading the synthesized JSON and deciding what to change.
// The wire-level behaviour (real SDK against the sandbox) is in direct-applier.test.ts.
import { describe, expect, it } from "vitest";
import demo from "../../stacks/demo.js";
import { isRollError } from "../../src/engine/errors.js";
import { planGroup } from "../../src/infra/direct/groups.js";
import { planLaunchTemplate, type ObservedTemplate } from "../../src/infra/direct/launch-templates.js";
import { parseDuration, readStackSpec } from "../../src/infra/direct/stack-spec.js";
import { synthesizeApp } from "../../src/stack/synth.js";
import type { SynthesizedStack } from "../../src/stack/synthesized.js";

const inputs = { app: "demo", region: "us-east-1", imageId: "ami-0000000000000000a" };

function observedLike(stack: SynthesizedStack, overrides: Partial<ObservedTemplate> = {}): ObservedTemplate {
  const spec = readStackSpec(stack).launchTemplates[0]!;
  return { id: "lt-0123", name: spec.name, latestVersion: 3, defaultVersion: 1, tags: { ...spec.tags }, latestData: structuredClone(spec.data), ...overrides };
}

describe("readStackSpec", () => {
  it("reads the demo stack's template and group", () => {
    const stack = synthesizeApp(demo, { ...inputs, groupLaunchTemplateVersion: 2 });
    const spec = readStackSpec(stack);
    expect(spec.launchTemplates.map((t) => [t.name, t.data.imageId, t.data.instanceType])).toEqual([["roll-demo", inputs.imageId, "t3.micro"]]);
    expect(spec.groups[0]).toMatchObject({
      name: "roll-demo",
      launchTemplate: { address: stack.launchTemplate.address, version: 2 },
      minSize: 4,
      maxSize: 4,
      desiredCapacity: 4,
      availabilityZones: ["us-east-1a"],
      waitForCapacityTimeoutMs: 600_000,
    });
  });

  it("reads latest_version as 'latest'", () => {
    expect(readStackSpec(synthesizeApp(demo, inputs)).groups[0]!.launchTemplate.version).toBe("latest");
  });

  const refusal = (mutate: (json: any) => void) => {
    const stack = synthesizeApp(demo, inputs);
    mutate(stack.json);
    try {
      readStackSpec(stack);
    } catch (error) {
      expect(isRollError(error) && error.code).toBe("direct-apply-unsupported");
      return (error as Error).message;
    }
    throw new Error("expected a refusal");
  };

  it("refuses $Latest and $Default", () => {
    const group = (json: any) => Object.values<any>(json.resource.aws_autoscaling_group)[0];
    expect(refusal((json) => (group(json).launch_template.version = "$Latest"))).toContain('"$Latest"');
    expect(refusal((json) => (group(json).launch_template.version = "$Default"))).toContain("pin an explicit version number");
  });

  it("refuses resources, attributes and expressions it cannot apply", () => {
    expect(refusal((json) => (json.resource.aws_security_group = { sg: { name: "x" } }))).toContain("aws_security_group");
    expect(refusal((json) => (Object.values<any>(json.resource.aws_launch_template)[0].key_name = "k"))).toContain("key_name");
    expect(refusal((json) => (Object.values<any>(json.resource.aws_launch_template)[0].image_id = "${data.aws_ami.x.id}"))).toContain("image_id");
    expect(refusal((json) => (json.data = { aws_ami: { x: {} } }))).toContain("data sources");
  });

  it("parses Terraform durations", () => {
    expect([parseDuration("10m"), parseDuration("90s"), parseDuration("1h30m"), parseDuration("0"), parseDuration("soon")]).toEqual([
      600_000, 90_000, 5_400_000, 0, undefined,
    ]);
  });
});

describe("planLaunchTemplate", () => {
  const stack = synthesizeApp(demo, inputs);
  const spec = readStackSpec(stack).launchTemplates[0]!;

  it("creates a missing template as version 1", () => {
    const plan = planLaunchTemplate(spec, undefined);
    expect(plan.change.action).toBe("create");
    expect(plan.latestVersionAfter).toBe(1);
  });

  it("changes nothing when the latest version already has the data, whatever the order of lists", () => {
    const observed = observedLike(stack);
    observed.latestData.tagSpecifications = [...observed.latestData.tagSpecifications!].reverse();
    const plan = planLaunchTemplate(spec, observed);
    expect(plan.change.action).toBe("no-op");
    expect(plan.createVersion).toBe(false);
    expect(plan.latestVersionAfter).toBe(3);
  });

  it("plans a new version when the image differs from the latest version", () => {
    const plan = planLaunchTemplate(spec, observedLike(stack, { latestData: { ...observedLike(stack).latestData, imageId: "ami-old" } }));
    expect(plan.change).toMatchObject({ action: "update", attributes: ["image_id"], detail: "new version 4 (image_id)" });
    expect(plan.latestVersionAfter).toBe(4);
  });

  it("updates tags without a new version", () => {
    const plan = planLaunchTemplate(spec, observedLike(stack, { tags: { "roll:app": "demo", stale: "x" } }));
    expect(plan.createVersion).toBe(false);
    expect(plan.change.attributes).toEqual(["tags"]);
    expect(plan.tags).toEqual({ set: { team: "platform" }, remove: ["stale"] });
  });
});

describe("planGroup", () => {
  const stack = synthesizeApp(demo, { ...inputs, groupLaunchTemplateVersion: 1 });
  const spec = readStackSpec(stack).groups[0]!;
  const template = { id: "lt-0123", name: "roll-demo", version: 1 };
  const observed = {
    AutoScalingGroupName: "roll-demo",
    LaunchTemplate: { LaunchTemplateId: "lt-0123", LaunchTemplateName: "roll-demo", Version: "1" },
    MinSize: 4,
    MaxSize: 4,
    DesiredCapacity: 4,
    AvailabilityZones: ["us-east-1a"],
    HealthCheckType: "EC2",
    HealthCheckGracePeriod: 10,
    Tags: [
      { Key: "roll:app", Value: "demo", PropagateAtLaunch: true },
      { Key: "team", Value: "platform", PropagateAtLaunch: true },
      { Key: "aws:cloudformation:stack-name", Value: "owned-by-aws", PropagateAtLaunch: false },
    ],
    Instances: [],
    DefaultCooldown: 300,
    CreatedTime: new Date(),
  };

  it("is a no-op when the group matches", () => {
    expect(planGroup(spec, observed, template).change.action).toBe("no-op");
  });

  it("moves the pin when the version differs", () => {
    const plan = planGroup(spec, observed, { ...template, version: 2 });
    expect(plan.change).toMatchObject({ action: "update", attributes: ["launch_template"], detail: "pinned to version 2" });
  });

  it("leaves a capacity the stack does not set to the scaling policies", () => {
    const { desiredCapacity: _unset, ...withoutDesired } = spec;
    expect(planGroup(withoutDesired, { ...observed, DesiredCapacity: 4 }, template).change.action).toBe("no-op");
    expect(planGroup(spec, { ...observed, DesiredCapacity: 3 }, template).change.attributes).toEqual(["desired_capacity"]);
  });
});
