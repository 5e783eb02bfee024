// The sandbox cloud's persistent state: plain JSON, saved as <dataDir>/state.json. Times are epoch ms.
// Everything here is per region (each record carries its region), as in AWS.

import type { AzureState } from "../azure/state.js";

export interface Tag {
  key: string;
  value: string;
}

export type InstanceStateName = "pending" | "running" | "shutting-down" | "terminated" | "stopping" | "stopped";

export const INSTANCE_STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface StateReason {
  code: string;
  message: string;
}

export interface LaunchTemplateRef {
  id: string;
  name: string;
  /** As the caller wrote it: a number, `$Latest` or `$Default`. */
  version: string;
}

export type AsgLifecycle = "Pending" | "InService" | "Terminating" | "Terminated";

export interface GroupMembership {
  group: string;
  lifecycle: AsgLifecycle;
  health: "Healthy" | "Unhealthy";
  /** The launch template the instance was launched from, version resolved to a number. */
  launchTemplate: LaunchTemplateRef;
  inServiceSince?: number;
  /** Set when the instance was launched as a replacement by an instance refresh. */
  refreshId?: string;
  /** Why the group took it out of service (for the activity's cause). */
  unhealthyReason?: string;
}

export interface InstanceRecord {
  id: string;
  region: string;
  reservationId: string;
  launchIndex: number;
  imageId: string;
  instanceType: string;
  keyName?: string;
  securityGroupIds: string[];
  subnetId: string;
  vpcId: string;
  az: string;
  ip: string;
  /** Base64 as sent by the client. */
  userData?: string;
  state: InstanceStateName;
  stateSince: number;
  stateReason?: StateReason;
  stateTransitionReason: string;
  launchTime: number;
  clientToken?: string;
  tags: Tag[];
  launchTemplate?: LaunchTemplateRef;
  /** Image layers (top first) the instance was launched from. */
  layers: string[];
  /** An admin account the provisioning agent creates at boot with the launch keys and sudo (Azure's adminUsername). */
  adminUser?: string;
  asg?: GroupMembership;
  terminatedAt?: number;
  /** Last console output seen, kept for stopped instances. */
  consoleOutput?: string;
  /** Fault injection: when this running instance will fail its status checks. */
  impairAt?: number;
  /** Since when its status checks fail (its processes were ended); cleared by the next boot. */
  impairedSince?: number;
  /** Set for a spot instance: the spot request it fulfils. */
  spotRequestId?: string;
  /** Tags of its root volume (CreateTags on the vol- id, or a launch's "volume" tag specification). */
  rootVolumeTags?: Tag[];
  /** ModifyInstanceAttribute's settings that are not fields of their own. */
  attributes?: InstanceAttributes;
}

export interface InstanceAttributes {
  enaSupport?: boolean;
  sriovNetSupport?: string;
  disableApiTermination?: boolean;
  disableApiStop?: boolean;
  sourceDestCheck?: boolean;
  ebsOptimized?: boolean;
  instanceInitiatedShutdownBehavior?: string;
}

/** A one-time spot request (RequestSpotInstances, or the request behind a CreateFleet spot instance). */
export interface SpotRequestRecord {
  id: string;
  region: string;
  createTime: number;
  /** Max price the request was made with (the on-demand price when none was given). */
  spotPrice: string;
  instanceType: string;
  imageId: string;
  keyName?: string;
  availabilityZone: string;
  instanceId?: string;
  cancelled?: boolean;
  tags: Tag[];
}

export type ImageStateName = "pending" | "available" | "failed" | "deregistered";

export interface ImageRecord {
  id: string;
  region: string;
  name: string;
  description?: string;
  ownerId: string;
  ownerAlias?: string;
  public: boolean;
  state: ImageStateName;
  stateSince: number;
  stateReason?: StateReason;
  creationDate: number;
  architecture: string;
  rootDeviceName: string;
  volumeSize: number;
  snapshotId: string;
  /** The image's own layer directory (absent for the base image, whose layer is shared). */
  layerDir?: string;
  /** All layers, top first. */
  layers: string[];
  sourceInstanceId?: string;
  tags: Tag[];
}

export interface SnapshotRecord {
  id: string;
  region: string;
  ownerId: string;
  ownerAlias?: string;
  volumeId: string;
  volumeSize: number;
  description: string;
  state: "pending" | "completed" | "error";
  startTime: number;
  tags: Tag[];
  /** The layer directory holding the snapshot's data, when the sandbox owns it. */
  layerDir?: string;
}

export interface KeyPairRecord {
  id: string;
  region: string;
  name: string;
  type: "rsa" | "ed25519";
  fingerprint: string;
  /** OpenSSH public key line; the private key is never stored. */
  publicKey: string;
  createTime: number;
  tags: Tag[];
}

export interface IpRange {
  cidrIp: string;
  description?: string;
}

export interface IpPermission {
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  ipRanges: IpRange[];
  groups: { groupId: string; description?: string }[];
  ruleIds: string[];
}

export interface SecurityGroupRecord {
  id: string;
  region: string;
  name: string;
  description: string;
  vpcId: string;
  ingress: IpPermission[];
  egress: IpPermission[];
  tags: Tag[];
}

export interface TagSpecification {
  resourceType: string;
  tags: Tag[];
}

export interface BlockDeviceMapping {
  deviceName?: string;
  volumeSize?: number;
  volumeType?: string;
  snapshotId?: string;
  deleteOnTermination?: boolean;
  encrypted?: boolean;
}

export interface LaunchTemplateData {
  imageId?: string;
  instanceType?: string;
  keyName?: string;
  securityGroupIds?: string[];
  securityGroups?: string[];
  userData?: string;
  tagSpecifications?: TagSpecification[];
  blockDeviceMappings?: BlockDeviceMapping[];
  /** InstanceMarketOptions.MarketType ("spot") and its SpotOptions.MaxPrice. */
  marketType?: string;
  maxPrice?: string;
  availabilityZone?: string;
  subnetId?: string;
}

export interface LaunchTemplateVersionRecord {
  number: number;
  description?: string;
  createTime: number;
  data: LaunchTemplateData;
}

export interface LaunchTemplateRecord {
  id: string;
  region: string;
  name: string;
  createTime: number;
  defaultVersion: number;
  latestVersion: number;
  versions: LaunchTemplateVersionRecord[];
  tags: Tag[];
}

export interface GroupTag {
  key: string;
  value: string;
  propagateAtLaunch: boolean;
}

export interface GroupRecord {
  name: string;
  arn: string;
  region: string;
  launchTemplate: LaunchTemplateRef;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  availabilityZones: string[];
  subnetIds: string[];
  healthCheckType: string;
  healthCheckGracePeriod: number;
  defaultInstanceWarmup?: number;
  defaultCooldown: number;
  terminationPolicies: string[];
  tags: GroupTag[];
  createdTime: number;
  deleting?: boolean;
  /** Extra instances an instance refresh may run above desired capacity (MaxHealthyPercentage > 100). */
  refreshSurplus?: number;
  /** When the last launch failed: launches are retried after a pause, not every tick. */
  lastLaunchFailure?: number;
  /** ELBv2 target groups the group registers its InService instances with. */
  targetGroupArns?: string[];
}

export type RefreshStatus =
  | "Pending"
  | "InProgress"
  | "Successful"
  | "Failed"
  | "Cancelling"
  | "Cancelled"
  | "RollbackInProgress"
  | "RollbackFailed"
  | "RollbackSuccessful"
  | "Baking";

export const ACTIVE_REFRESH_STATUSES: RefreshStatus[] = ["Pending", "InProgress", "Cancelling", "RollbackInProgress", "Baking"];

export interface RefreshPreferences {
  minHealthyPercentage: number;
  maxHealthyPercentage?: number;
  instanceWarmup?: number;
  checkpointPercentages?: number[];
  checkpointDelay?: number;
  skipMatching: boolean;
  autoRollback: boolean;
  bakeTime?: number;
  scaleInProtectedInstances?: string;
  standbyInstances?: string;
  alarms?: string[];
}

export interface RefreshRecord {
  id: string;
  region: string;
  group: string;
  status: RefreshStatus;
  statusReason?: string;
  startTime: number;
  endTime?: number;
  strategy: string;
  preferences: RefreshPreferences;
  desiredLaunchTemplate?: LaunchTemplateRef;
  /** Instances still to replace in the current phase (forward or rollback). */
  toReplace: string[];
  /** How many instances the current phase set out to replace. */
  instancesToUpdate: number;
  /** How many instances the forward phase set out to replace (kept through a rollback). */
  forwardInstancesToUpdate: number;
  percentageComplete: number;
  /** Replacements started so far in this phase (terminations or extra launches). */
  replacementsStarted: number;
  /** Index into checkpointPercentages of the next checkpoint not yet passed. */
  nextCheckpoint: number;
  checkpointUntil?: number;
  bakeUntil?: number;
  launchFailures: number;
  rollback?: {
    reason: string;
    startTime: number;
    percentageCompleteOnRollback: number;
    instancesToUpdateOnRollback: number;
  };
}

export interface ActivityRecord {
  id: string;
  region: string;
  group: string;
  description: string;
  cause: string;
  startTime: number;
  endTime?: number;
  statusCode: "InProgress" | "Successful" | "Failed" | "Cancelled" | "PreInService" | "WaitingForInstanceId";
  statusMessage?: string;
  progress: number;
  details: string;
  /** The instance the activity is about, to finish it when the instance settles. */
  instanceId?: string;
  kind?: "launch" | "terminate";
}

export type TargetHealthState = "initial" | "healthy" | "unhealthy" | "unused" | "draining" | "unavailable";

export interface HealthCheckSettings {
  enabled: boolean;
  protocol: "HTTP" | "HTTPS";
  /** A port number, or "traffic-port" (the target's own port). */
  port: string;
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** HTTP codes as the API takes them: "200", "200,202", "200-299". */
  matcher: string;
}

export interface TargetRecord {
  /** An instance id, or an IP address for target type ip. */
  id: string;
  port: number;
  state: TargetHealthState;
  reason?: string;
  description?: string;
  /** Consecutive passed / failed checks since the last state change. */
  passed: number;
  failed: number;
  registeredAt: number;
  lastCheckAt?: number;
  drainingUntil?: number;
}

export interface TargetGroupRecord {
  arn: string;
  name: string;
  region: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: "instance" | "ip";
  protocolVersion: string;
  healthCheck: HealthCheckSettings;
  deregistrationDelaySeconds: number;
  targets: TargetRecord[];
  tags: Tag[];
  createdTime: number;
}

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmRecord {
  name: string;
  arn: string;
  region: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  metricName?: string;
  namespace?: string;
  statistic?: string;
  extendedStatistic?: string;
  dimensions: { name: string; value: string }[];
  period?: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator: string;
  treatMissingData?: string;
  stateValue: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdated: number;
  stateTransitioned: number;
  configurationUpdated: number;
  tags: Tag[];
}

/** A base image published on demand (`roll sandbox publish-base`): a layer over the shipped base. */
export interface PublishedBase {
  name: string;
  creationDate: number;
  layerDir: string;
}

export interface SandboxState {
  version: 1;
  nextIp: number;
  instances: Record<string, InstanceRecord>;
  images: Record<string, ImageRecord>;
  snapshots: Record<string, SnapshotRecord>;
  keyPairs: Record<string, KeyPairRecord>;
  securityGroups: Record<string, SecurityGroupRecord>;
  launchTemplates: Record<string, LaunchTemplateRecord>;
  /** Keyed by `${region}/${name}`. */
  groups: Record<string, GroupRecord>;
  refreshes: Record<string, RefreshRecord>;
  activities: ActivityRecord[];
  /** Tags on resources that have no record of their own (default VPC, subnets). */
  networkTags: Record<string, Tag[]>;
  /** ELBv2 target groups by ARN. */
  targetGroups: Record<string, TargetGroupRecord>;
  /** CloudWatch metric alarms, keyed by `${region}/${name}`. */
  alarms: Record<string, AlarmRecord>;
  /** Newer vendor base images (`roll sandbox publish-base`), oldest first. */
  publishedBases?: PublishedBase[];
  /** Spot instance requests, by sir- id (absent in states saved before spot support). */
  spotRequests?: Record<string, SpotRequestRecord>;
  /** The Azure face's resources (sandbox/src/azure/state.ts); absent until it is first used. */
  azure?: AzureState;
}

export function emptyState(): SandboxState {
  return {
    version: 1,
    nextIp: 2,
    instances: {},
    images: {},
    snapshots: {},
    keyPairs: {},
    securityGroups: {},
    launchTemplates: {},
    groups: {},
    refreshes: {},
    activities: [],
    networkTags: {},
    targetGroups: {},
    alarms: {},
  };
}
