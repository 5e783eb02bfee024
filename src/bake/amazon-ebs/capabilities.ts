// What the target cloud can honour. The sandbox cloud runs instances as local processes: it has no
// volume encryption, no IAM and no spot market, and it accepts those request fields without acting on
// them. A bake must not report an encrypted image that is not, so such fields are refused by name
// before anything is created; volume sizes only lose their effect, which is said out loud.

import { userError } from "../../engine/errors.js";
import type { EventSink } from "../../engine/events.js";
import type { CloudTarget } from "../../cloud/target.js";
import type { EbsConfig } from "./config.js";

interface Unsupported {
  field: string;
  why: string;
}

function unsupportedOnSandbox(config: EbsConfig): Unsupported[] {
  const found: Unsupported[] = [];
  if (config.encryptBoot) found.push({ field: "encrypt_boot", why: "the sandbox cloud does not encrypt volumes or images" });
  if (config.iamInstanceProfile) found.push({ field: "iam_instance_profile", why: "the sandbox cloud has no IAM" });
  if (config.spotPrice) found.push({ field: "spot_price", why: "the sandbox cloud has no spot market" });
  if (config.launchBlockDevices.some((d) => d.encrypted)) {
    found.push({ field: "launch_block_device_mappings", why: "the sandbox cloud does not encrypt volumes (encrypted = true)" });
  }
  return found;
}

export function checkTargetSupport(config: EbsConfig, target: CloudTarget, emit: EventSink): void {
  if (config.ignoredAccessFields.length > 0) {
    emit({
      type: "log",
      level: "warn",
      message: `${config.ignoredAccessFields.join(", ")} ignored: roll uses the ${target.kind === "sandbox" ? "sandbox's" : "target's"} credentials and endpoint`,
    });
  }
  if (target.kind !== "sandbox") return;
  const [first] = unsupportedOnSandbox(config);
  if (first) {
    throw userError(
      "unsupported-by-target",
      `"${first.field}" is not supported by this target: ${first.why}`,
      { ...config.sourceLocation, field: first.field },
      `remove "${first.field}" to bake in the sandbox, or bake with --target aws`,
    );
  }
  if (config.launchBlockDevices.length > 0) {
    const devices = config.launchBlockDevices.map((d) => `${d.deviceName}${d.volumeSize ? ` ${d.volumeSize} GiB` : ""}${d.volumeType ? ` ${d.volumeType}` : ""}`);
    emit({
      type: "log",
      level: "warn",
      message: `launch_block_device_mappings (${devices.join(", ")}) is sent, but the sandbox cloud does not model volume sizes or types: it has no effect there`,
    });
  }
}
