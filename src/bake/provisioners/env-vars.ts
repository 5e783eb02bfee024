// The environment a script sees: PACKER_BUILDER_TYPE and PACKER_BUILD_NAME first, then
// environment_vars ("KEY=value", in order), then env (by key), as Packer does.

import type { FieldReader } from "../fields.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readEnvVars(fields: FieldReader): Array<[string, string]> {
  const vars: Array<[string, string]> = [];
  for (const entry of fields.stringList("environment_vars") ?? []) {
    const eq = entry.indexOf("=");
    const name = eq > 0 ? entry.slice(0, eq) : "";
    if (!NAME.test(name)) {
      throw fields.error("environment_vars", `"environment_vars" entries must look like KEY=value, got ${JSON.stringify(entry.split("=")[0])}`);
    }
    vars.push([name, entry.slice(eq + 1)]);
  }
  const env = fields.stringMap("env") ?? {};
  for (const name of Object.keys(env).sort()) {
    if (!NAME.test(name)) throw fields.error("env", `"env" key ${JSON.stringify(name)} is not a valid variable name`);
    vars.push([name, env[name]!]);
  }
  return vars;
}

export function withBuildVars(vars: Array<[string, string]>, builderType: string, buildName: string): Array<[string, string]> {
  return [["PACKER_BUILDER_TYPE", builderType], ["PACKER_BUILD_NAME", buildName], ...vars];
}
