// Finds the terraform or tofu executable: an explicit choice (option or ROLL_TERRAFORM: a path, or a
// name looked up on PATH), else `tofu`, then `terraform` on PATH. Found once, before any work starts,
// so a missing binary is a clear error and not a failure halfway through a deploy.

import { accessSync, constants, statSync } from "node:fs";
import { basename, delimiter, isAbsolute, join, resolve } from "node:path";
import { RollError } from "../../engine/errors.js";

export interface TerraformBinary {
  path: string;
  /** For messages: "tofu" or "terraform". */
  tool: "terraform" | "tofu";
}

const HINT = "install Terraform or OpenTofu (or set ROLL_TERRAFORM to its path), or use --infra direct";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

const toolOf = (path: string): TerraformBinary["tool"] => (basename(path).includes("tofu") ? "tofu" : "terraform");

export function findTerraformBinary(configured?: string, env: NodeJS.ProcessEnv = process.env): TerraformBinary {
  const wanted = configured ?? (env.ROLL_TERRAFORM || undefined);
  if (wanted !== undefined) {
    const source = configured !== undefined ? "the configured binary" : "ROLL_TERRAFORM";
    if (wanted.includes("/")) {
      const path = isAbsolute(wanted) ? wanted : resolve(wanted);
      if (!isExecutable(path)) throw new RollError("terraform-missing", `${source} ${JSON.stringify(wanted)} is not an executable file`, { fault: "user", hint: HINT });
      return { path, tool: toolOf(path) };
    }
    const path = onPath(wanted, env);
    if (!path) throw new RollError("terraform-missing", `${source} ${JSON.stringify(wanted)} was not found on PATH`, { fault: "user", hint: HINT });
    return { path, tool: toolOf(path) };
  }
  for (const name of ["tofu", "terraform"]) {
    const path = onPath(name, env);
    if (path) return { path, tool: toolOf(path) };
  }
  throw new RollError("terraform-missing", "neither tofu nor terraform was found on PATH", { fault: "user", hint: HINT });
}
