// Packer's contextual variables (developer.hashicorp.com/packer/docs/templates/hcl_templates/contextual-variables):
// `source.name` / `source.type` and `build.*` exist only in a build's provisioners and post-processors;
// `packer.*` and `path.*` everywhere. build.name is known while loading; the other build facts exist
// only once the machine runs, so they stay placeholders ("${build.ID}") that the bake fills in.

import { TemplateError } from "../diagnostics.js";
import type { NamespaceResolver } from "../eval/context.js";
import type { SourcePosition, Value } from "../types.js";
import { didYouMean } from "./suggest.js";

/** The Packer release whose template language roll follows (packer.version). */
export const PACKER_VERSION = "1.11.2";

/** Build facts the bake fills in (Packer's list, and amazon-ebs's generated data). */
export const BUILD_FACTS = ["ID", "Host", "Port", "User", "ConnType", "PackerRunUUID", "SourceAMI", "Region", "BuildRegion"];

/** Build facts Packer has and roll does not provide, with the reason. */
const NOT_PROVIDED: Record<string, string> = {
  SSHPrivateKey: "roll keeps the temporary SSH key in memory and never hands it out",
  SSHPublicKey: "roll does not expose the temporary key pair",
  Password: "roll connects with a temporary key, not a password",
  WinRMPassword: "roll has no winrm communicator",
  PackerHTTPIP: "roll runs no HTTP file server for builds",
  PackerHTTPPort: "roll runs no HTTP file server for builds",
  PackerHTTPAddr: "roll runs no HTTP file server for builds",
  SourceAMIName: "not recorded by roll's amazon-ebs builder",
  SourceAMIDescription: "not recorded by roll's amazon-ebs builder",
  SourceAMICreationDate: "not recorded by roll's amazon-ebs builder",
  SourceAMIOwner: "not recorded by roll's amazon-ebs builder",
  SourceAMIOwnerName: "not recorded by roll's amazon-ebs builder",
};

/** The placeholder a build fact evaluates to until the bake knows it. */
export function buildFactPlaceholder(name: string): string {
  return `\${build.${name}}`;
}

const ONLY_IN_STEPS = "it exists in a build's provisioners and post-processors";

export function outsideSteps(root: "source" | "build"): NamespaceResolver {
  return (_path, pos) => {
    throw new TemplateError(`${root}.* cannot be used here: ${ONLY_IN_STEPS}`, pos, undefined, root === "source" ? "use a variable or local for values a source block needs" : undefined);
  };
}

export function sourceNamespace(source: { type: string; name: string }, onUse?: () => void): NamespaceResolver {
  return (path, pos) => {
    onUse?.();
    const [name, ...rest] = path;
    if (rest.length > 0 || (name !== "name" && name !== "type")) {
      throw new TemplateError(`source has "name" and "type", not "${path.join(".")}"`, pos, undefined, didYouMean(name ?? "", ["name", "type"]));
    }
    return name === "name" ? source.name : source.type;
  };
}

export function buildNamespace(buildName: string): NamespaceResolver {
  return (path, pos) => {
    const [name, ...rest] = path;
    if (name === "name" && rest.length === 0) return buildName;
    if (name && NOT_PROVIDED[name]) throw new TemplateError(`build.${name} is not available in roll: ${NOT_PROVIDED[name]}`, pos);
    if (!name || rest.length > 0 || !BUILD_FACTS.includes(name)) {
      throw new TemplateError(`unknown build variable "build.${path.join(".")}"`, pos, undefined, didYouMean(name ?? "", ["name", ...BUILD_FACTS]) ?? `build has name, ${BUILD_FACTS.join(", ")}`);
    }
    return buildFactPlaceholder(name);
  };
}

export function packerNamespace(options: { debug?: boolean; force?: boolean; onError?: string } = {}): NamespaceResolver {
  const values: Record<string, Value> = { version: PACKER_VERSION, debug: options.debug ?? false, force: options.force ?? false, on_error: options.onError ?? "cleanup" };
  return (path: string[], pos: SourcePosition) => {
    const [name, ...rest] = path;
    if (!name || rest.length > 0 || !(name in values)) {
      throw new TemplateError(`unknown variable "packer.${path.join(".")}"`, pos, undefined, `packer has ${Object.keys(values).join(", ")}`);
    }
    return values[name]!;
  };
}
