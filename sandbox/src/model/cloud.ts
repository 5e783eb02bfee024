// The cloud model: state, clock, runtime and the per-region resources every account starts with
// (default security group, the shipped base image). API handlers and the reconcile loop share it.

import { listeningAddresses } from "./listening.js";
import type { InstanceRuntime, RunningInstance } from "../runtime/types.js";
import { Faults } from "../faults/faults.js";
import type { Timing } from "../timing.js";
import { registerBaseImages } from "./base-images.js";
import { ACCOUNT_ID, rootVolumeId, stableId } from "./ids.js";
import { defaultVpc } from "./network.js";
import type { StateSaver } from "./persist.js";
import type { SandboxState, Tag } from "./types.js";

export { BASE_IMAGE_NAME } from "./base-images.js";

/** What the model knows about an instance's process that is not persisted. */
export interface LiveInstance {
  booting?: Promise<void>;
  /** Identifies the current boot, so a late answer from an abandoned boot is not adopted. */
  bootToken?: object;
  handle?: RunningInstance;
  bootError?: string;
  stopping?: Promise<void>;
  stopDone?: boolean;
  destroying?: boolean;
}

export interface CloudOptions {
  state: SandboxState;
  timing: Timing;
  runtime: InstanceRuntime;
  dataDir: string;
  ipPrefix: string;
  defaultRegion: string;
  baseLayerDir: string;
  saver: StateSaver;
  log: (line: string) => void;
  /** Faults in force (default: none). */
  faults?: Faults;
}

export class Cloud {
  readonly state: SandboxState;
  readonly timing: Timing;
  readonly runtime: InstanceRuntime;
  readonly dataDir: string;
  readonly defaultRegion: string;
  readonly live = new Map<string, LiveInstance>();
  readonly log: (line: string) => void;
  private readonly ipPrefix: number[];
  /** The shipped base image's layer (published bases sit on top of it). */
  readonly baseLayerDir: string;
  readonly faults: Faults;
  private readonly saver: StateSaver;
  private readonly knownRegions = new Set<string>();

  constructor(options: CloudOptions) {
    this.state = options.state;
    this.timing = options.timing;
    this.runtime = options.runtime;
    this.dataDir = options.dataDir;
    this.defaultRegion = options.defaultRegion;
    this.baseLayerDir = options.baseLayerDir;
    this.saver = options.saver;
    this.log = options.log;
    this.faults = options.faults ?? new Faults();
    this.ipPrefix = parseIpPrefix(options.ipPrefix);
  }

  now(): number {
    return Date.now();
  }

  /** Schedules a (debounced) save of the state. */
  changed(): void {
    this.saver.markDirty();
  }

  liveOf(instanceId: string): LiveInstance {
    let live = this.live.get(instanceId);
    if (!live) this.live.set(instanceId, (live = {}));
    return live;
  }

  allocateIp(): string {
    const free = 4 - this.ipPrefix.length;
    const taken = listeningAddresses(22);
    for (;;) {
      const n = this.state.nextIp++;
      const octets: number[] = [];
      let rest = n;
      for (let i = 0; i < free; i++) {
        octets.unshift(rest % 256);
        rest = Math.floor(rest / 256);
      }
      if (rest > 0) throw new Error(`sandbox address range ${this.ipPrefix.join(".")} is exhausted`);
      const last = octets[octets.length - 1]!;
      if (last === 0 || last === 1 || last === 255) continue;
      const ip = [...this.ipPrefix, ...octets].join(".");
      if (taken.has(ip)) continue; // another sandbox's instance answers there
      return ip;
    }
  }

  /** Creates what every region has from the start, the first time a region is used. */
  ensureRegion(region: string): void {
    if (this.knownRegions.has(region)) return;
    this.knownRegions.add(region);
    const vpc = defaultVpc(region);
    const sgId = stableId("sg", `default-sg/${region}`);
    if (!this.state.securityGroups[sgId]) {
      this.state.securityGroups[sgId] = {
        id: sgId,
        region,
        name: "default",
        description: "default VPC security group",
        vpcId: vpc.id,
        ingress: [{ ipProtocol: "-1", ipRanges: [], groups: [{ groupId: sgId }], ruleIds: [stableId("sgr", `in/${sgId}`)] }],
        egress: [{ ipProtocol: "-1", ipRanges: [{ cidrIp: "0.0.0.0/0" }], groups: [], ruleIds: [stableId("sgr", `out/${sgId}`)] }],
        tags: [],
      };
      this.changed();
    }
    registerBaseImages(this, region);
  }

  /** Resources any id can name, for CreateTags/DeleteTags/DescribeTags. */
  taggable(id: string): { region: string; type: string; tags: Tag[] } | undefined {
    const s = this.state;
    const record =
      s.instances[id] ?? s.images[id] ?? s.snapshots[id] ?? s.securityGroups[id] ?? s.launchTemplates[id] ??
      Object.values(s.keyPairs).find((k) => k.id === id);
    if (record) return { region: record.region, type: resourceType(id), tags: record.tags };
    const spot = s.spotRequests?.[id];
    if (spot) return { region: spot.region, type: "spot-instances-request", tags: spot.tags };
    if (id.startsWith("vol-")) {
      // A root volume lives as long as its instance (see api/ec2/volumes.ts).
      const owner = Object.values(s.instances).find((i) => i.state !== "terminated" && rootVolumeId(i.id) === id);
      if (owner) return { region: owner.region, type: "volume", tags: (owner.rootVolumeTags ??= []) };
    }
    return undefined;
  }

  isOwnAccount(ownerId: string): boolean {
    return ownerId === ACCOUNT_ID;
  }
}

export function resourceType(id: string): string {
  const prefix = id.slice(0, id.indexOf("-"));
  const types: Record<string, string> = {
    i: "instance",
    ami: "image",
    snap: "snapshot",
    sg: "security-group",
    lt: "launch-template",
    key: "key-pair",
    vpc: "vpc",
    subnet: "subnet",
    vol: "volume",
    sir: "spot-instances-request",
  };
  return types[prefix] ?? prefix;
}

function parseIpPrefix(prefix: string): number[] {
  const parts = prefix.split(".").filter((p) => p !== "");
  const octets = parts.map(Number);
  if (parts.length < 1 || parts.length > 3 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255) || octets[0] !== 127) {
    throw new Error(`sandbox ipPrefix must be 1-3 octets of a 127.x loopback address, got "${prefix}"`);
  }
  return octets;
}
