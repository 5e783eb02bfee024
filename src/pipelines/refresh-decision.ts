// Which instances a release replaces: those not on the launch-template version it moves the group to.
// The refresh step and `roll plan` decide with this one function.

/** The instances a refresh to `targetVersion` replaces (all of them when the version is a new one). */
export function instancesToReplace<T extends { launchTemplateVersion?: number }>(instances: T[], targetVersion: number | undefined): T[] {
  return instances.filter((instance) => targetVersion === undefined || instance.launchTemplateVersion !== targetVersion);
}
