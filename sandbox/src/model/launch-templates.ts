// Looking up launch templates and resolving `$Latest`, `$Default` or a number to a concrete version.

import { ApiError } from "../wire/errors.js";
import type { Cloud } from "./cloud.js";
import type { LaunchTemplateRecord, LaunchTemplateRef, LaunchTemplateVersionRecord } from "./types.js";

export function findLaunchTemplate(cloud: Cloud, region: string, id: string | undefined, name: string | undefined): LaunchTemplateRecord {
  if (!id && !name) {
    throw new ApiError("MissingParameter", "The request must contain the parameter LaunchTemplateId or LaunchTemplateName");
  }
  const found = Object.values(cloud.state.launchTemplates).find(
    (lt) => lt.region === region && (id ? lt.id === id : lt.name === name),
  );
  if (!found) {
    if (id) {
      if (!/^lt-[0-9a-f]{8,17}$/.test(id)) throw new ApiError("InvalidLaunchTemplateId.Malformed", `The specified launch template ID '${id}' is malformed.`);
      throw new ApiError("InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${id}, does not exist.`);
    }
    throw new ApiError("InvalidLaunchTemplateName.NotFoundException", `The specified launch template, with template name ${name}, does not exist.`);
  }
  return found;
}

export function resolveVersion(lt: LaunchTemplateRecord, version: string | undefined): LaunchTemplateVersionRecord {
  const wanted = version ?? "$Default";
  let number: number;
  if (wanted === "$Latest") number = lt.latestVersion;
  else if (wanted === "$Default") number = lt.defaultVersion;
  else if (/^\d+$/.test(wanted)) number = Number(wanted);
  else throw new ApiError("InvalidLaunchTemplateId.VersionNotFound", `Could not find launch template version ${wanted} for template ${lt.id}`);
  const found = lt.versions.find((v) => v.number === number);
  if (!found) {
    throw new ApiError("InvalidLaunchTemplateId.VersionNotFound", `Could not find launch template version ${wanted} for template ${lt.id}`);
  }
  return found;
}

/** The concrete template id, name and version number a reference currently points at. */
export function resolveRef(cloud: Cloud, region: string, ref: LaunchTemplateRef): { lt: LaunchTemplateRecord; version: LaunchTemplateVersionRecord } {
  const lt = findLaunchTemplate(cloud, region, ref.id || undefined, ref.id ? undefined : ref.name);
  return { lt, version: resolveVersion(lt, ref.version) };
}

/** True when an instance's (resolved) template matches what the reference resolves to now. */
export function sameTemplateVersion(cloud: Cloud, region: string, have: LaunchTemplateRef, want: LaunchTemplateRef): boolean {
  try {
    const target = resolveRef(cloud, region, want);
    return have.id === target.lt.id && have.version === String(target.version.number);
  } catch {
    return false;
  }
}
