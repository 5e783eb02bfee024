// Instance attributes: ModifyInstanceAttribute, DescribeInstanceAttribute, GetPasswordData. Bake tools
// set ENA / SR-IOV support before imaging (Packer's ena_support, sriov_support) and Windows builds read
// the generated password.

import { ApiError } from "../../wire/errors.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { requireInstance } from "./instances.js";

const ATTRIBUTES = [
  "instanceType", "kernel", "ramdisk", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior",
  "rootDeviceName", "blockDeviceMapping", "productCodes", "sourceDestCheck", "groupSet", "ebsOptimized",
  "sriovNetSupport", "enaSupport", "enclaveOptions", "disableApiStop",
] as const;

function boolValue(ctx: ApiContext, name: string): boolean | undefined {
  // Both forms exist on the wire: `EnaSupport.Value=true` and `Attribute=enaSupport&Value=true`.
  return ctx.params.struct(name).bool("Value");
}

const modifyInstanceAttribute: Ec2Handler = (ctx) => {
  const instance = requireInstance(ctx, ctx.params.required("InstanceId"));
  const attrs = (instance.attributes ??= {});
  const attribute = ctx.params.str("Attribute");
  const value = ctx.params.str("Value");
  const stopped = instance.state === "stopped";
  const needsStopped = (what: string) => {
    if (!stopped) throw new ApiError("IncorrectInstanceState", `The instance '${instance.id}' is not in the 'stopped' state (${what} can only be changed on a stopped instance).`);
  };
  let changed = false;
  const ena = boolValue(ctx, "EnaSupport") ?? (attribute === "enaSupport" && value !== undefined ? value === "true" : undefined);
  if (ena !== undefined) {
    needsStopped("enaSupport");
    attrs.enaSupport = ena;
    changed = true;
  }
  const sriov = ctx.params.struct("SriovNetSupport").str("Value") ?? (attribute === "sriovNetSupport" ? value : undefined);
  if (sriov !== undefined) {
    needsStopped("sriovNetSupport");
    if (sriov !== "simple") throw new ApiError("InvalidParameterValue", `Value (${sriov}) for parameter sriovNetSupport is invalid. Only 'simple' is supported.`);
    attrs.sriovNetSupport = sriov;
    changed = true;
  }
  const type = ctx.params.struct("InstanceType").str("Value") ?? (attribute === "instanceType" ? value : undefined);
  if (type !== undefined) {
    needsStopped("instanceType");
    instance.instanceType = type;
    changed = true;
  }
  const userData = ctx.params.struct("UserData").str("Value") ?? (attribute === "userData" ? value : undefined);
  if (userData !== undefined) {
    needsStopped("userData");
    instance.userData = userData;
    changed = true;
  }
  for (const [wire, key] of [["DisableApiTermination", "disableApiTermination"], ["DisableApiStop", "disableApiStop"], ["SourceDestCheck", "sourceDestCheck"], ["EbsOptimized", "ebsOptimized"]] as const) {
    const v = boolValue(ctx, wire) ?? (attribute === key && value !== undefined ? value === "true" : undefined);
    if (v !== undefined) {
      attrs[key] = v;
      changed = true;
    }
  }
  const shutdown = ctx.params.struct("InstanceInitiatedShutdownBehavior").str("Value") ?? (attribute === "instanceInitiatedShutdownBehavior" ? value : undefined);
  if (shutdown !== undefined) {
    if (shutdown !== "stop" && shutdown !== "terminate") throw new ApiError("InvalidParameterValue", `Value (${shutdown}) for parameter instanceInitiatedShutdownBehavior is invalid.`);
    attrs.instanceInitiatedShutdownBehavior = shutdown;
    changed = true;
  }
  const groups = ctx.params.strings("GroupId");
  if (groups.length > 0) {
    for (const id of groups) if (!ctx.cloud.state.securityGroups[id]) throw new ApiError("InvalidGroup.NotFound", `The security group '${id}' does not exist`);
    instance.securityGroupIds = groups;
    changed = true;
  }
  if (!changed) throw new ApiError("MissingParameter", "The request must contain exactly one attribute to modify.");
  ctx.cloud.changed();
  return { return: true };
};

const describeInstanceAttribute: Ec2Handler = (ctx) => {
  const instance = requireInstance(ctx, ctx.params.required("InstanceId"));
  const attribute = ctx.params.required("Attribute");
  if (!(ATTRIBUTES as readonly string[]).includes(attribute)) throw new ApiError("InvalidParameterValue", `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  const a = instance.attributes ?? {};
  const image = ctx.cloud.state.images[instance.imageId];
  const values: Record<string, XmlValue> = {
    instanceType: { value: instance.instanceType },
    kernel: {},
    ramdisk: {},
    userData: instance.userData ? { value: instance.userData } : {},
    disableApiTermination: { value: a.disableApiTermination ?? false },
    disableApiStop: { value: a.disableApiStop ?? false },
    instanceInitiatedShutdownBehavior: { value: a.instanceInitiatedShutdownBehavior ?? "stop" },
    rootDeviceName: { value: image?.rootDeviceName ?? "/dev/xvda" },
    blockDeviceMapping: [],
    productCodes: [],
    sourceDestCheck: { value: a.sourceDestCheck ?? true },
    groupSet: instance.securityGroupIds.map((id) => ({ groupId: id, groupName: ctx.cloud.state.securityGroups[id]?.name ?? "" })),
    ebsOptimized: { value: a.ebsOptimized ?? false },
    sriovNetSupport: a.sriovNetSupport ? { value: a.sriovNetSupport } : {},
    enaSupport: { value: a.enaSupport ?? true },
    enclaveOptions: { enabled: false },
  };
  return { instanceId: instance.id, [attribute]: values[attribute] };
};

const getPasswordData: Ec2Handler = (ctx) => {
  const instance = requireInstance(ctx, ctx.params.required("InstanceId"));
  // Linux instances have no generated Administrator password: AWS answers with empty password data.
  return { instanceId: instance.id, timestamp: new Date(ctx.cloud.now()), passwordData: "" };
};

export const instanceAttributeHandlers: Record<string, Ec2Handler> = {
  ModifyInstanceAttribute: modifyInstanceAttribute,
  DescribeInstanceAttribute: describeInstanceAttribute,
  GetPasswordData: getPasswordData,
};
