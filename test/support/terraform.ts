// Terraform is not an npm or Debian package: machines of this project's kind ship it with an offline
// provider mirror, others may not. Tests that need the real binary ask here and say why they skip.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const PROVIDER_MIRROR = "/opt/tf-plugins"; // hashicorp/aws 5.100.0, installable offline

export function terraformAvailable(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return existsSync(PROVIDER_MIRROR);
  } catch {
    return false;
  }
}
