// The output names under which AsgService exports its identifiers, for `terraform output -json`.
// Kept free of cdktf imports: src/infra/terraform reads them without loading the construct library.
// Fixed names, since an app has exactly one group.

export const ROLL_OUTPUTS = {
  launchTemplateId: "roll_launch_template_id",
  launchTemplateName: "roll_launch_template_name",
  launchTemplateLatestVersion: "roll_launch_template_latest_version",
  launchTemplateDefaultVersion: "roll_launch_template_default_version",
  groupName: "roll_group_name",
  groupLaunchTemplateVersion: "roll_group_launch_template_version",
  groupDesiredCapacity: "roll_group_desired_capacity",
} as const;
