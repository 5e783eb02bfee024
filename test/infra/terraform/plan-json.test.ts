// `terraform show -json <plan>` into roll's Plan, on plans recorded from Terraform 1.11.
import { describe, expect, it } from "vitest";
import { parseJsonPlan, priorLatestVersion } from "../../../src/infra/terraform/plan-json.js";
import { GROUP, TEMPLATE, transcript } from "./transcripts.js";

describe("plan JSON", () => {
  it("a first plan creates the template and the group", () => {
    const { plan } = parseJsonPlan(transcript("apply-create", "show-plan.out"));
    expect(plan.changes).toBe(2);
    expect(plan.resources.map((r) => [r.address, r.type, r.name, r.action])).toEqual([
      [GROUP, "aws_autoscaling_group", "roll-demo", "create"],
      [TEMPLATE, "aws_launch_template", "roll-demo", "create"],
    ]);
  });

  it("a new image is a template update to the next version, the pinned group is untouched", () => {
    const { plan, json } = parseJsonPlan(transcript("plan-update", "show-plan.out"));
    expect(plan.changes).toBe(1);
    const template = plan.resources.find((r) => r.address === TEMPLATE)!;
    expect(template).toMatchObject({ action: "update", attributes: ["image_id"], detail: "new version 2 (image_id)" });
    expect(plan.resources.find((r) => r.address === GROUP)).toMatchObject({ action: "no-op", attributes: [] });
    expect(priorLatestVersion(json, TEMPLATE)).toBe(1);
  });

  it("maps replace and delete, and skips data sources", () => {
    const json = {
      format_version: "1.2",
      resource_changes: [
        { address: "aws_launch_template.a", type: "aws_launch_template", name: "a", change: { actions: ["delete", "create"], before: { name: "old" }, after: { name: "new" } } },
        { address: "aws_security_group.b", type: "aws_security_group", name: "b", change: { actions: ["delete"], before: { name: "sg" }, after: null } },
        { address: "data.aws_ami.c", mode: "data", type: "aws_ami", name: "c", change: { actions: ["read"] } },
      ],
    };
    const { plan } = parseJsonPlan(JSON.stringify(json));
    expect(plan.resources.map((r) => [r.address, r.action, r.name, r.attributes])).toEqual([
      ["aws_launch_template.a", "replace", "new", ["name"]],
      ["aws_security_group.b", "delete", "sg", []],
    ]);
    expect(plan.changes).toBe(2);
  });

  it("refuses an unknown plan format version and non-JSON", () => {
    expect(() => parseJsonPlan('{"format_version":"2.0"}')).toThrow(/plan format "2.0"/);
    expect(() => parseJsonPlan("Error: oops")).toThrow(/not JSON/);
  });
});
