// EBS volumes: DescribeVolumes. Every instance has one root volume, made from its image's
// snapshot at launch, attached while the instance lives and deleted with it (DeleteOnTermination, as
// for a launch's root device). Bake tools describe an instance's volumes when cleaning up (Packer's
// amazon-ebs deletes those left "available") and tag them. No volume is ever "available" here (no
// CreateVolume / DetachVolume), so DeleteVolume, which only such a volume allows, is not offered.

import type { Cloud } from "../../model/cloud.js";
import { rootVolumeId } from "../../model/ids.js";
import type { InstanceRecord } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { XmlValue } from "../../wire/xml.js";
import type { Ec2Handler } from "../context.js";
import { applyFilters, checkIdFormat, filtersOf, paginate, tagSet } from "./common.js";


interface Volume {
  id: string;
  instance: InstanceRecord;
  device: string;
  size: number;
  snapshotId: string;
}

function volumesOf(cloud: Cloud, region: string): Volume[] {
  return Object.values(cloud.state.instances)
    .filter((i) => i.region === region && i.state !== "terminated")
    .map((i) => {
      const image = cloud.state.images[i.imageId];
      return { id: rootVolumeId(i.id), instance: i, device: image?.rootDeviceName ?? "/dev/xvda", size: image?.volumeSize ?? 8, snapshotId: image?.snapshotId ?? "" };
    });
}

/** A terminating instance's volume is already being deleted. */
function stateOf(v: Volume): "in-use" | "deleting" {
  return v.instance.state === "shutting-down" ? "deleting" : "in-use";
}

const VOLUME_FILTERS = {
  "volume-id": (v: Volume) => v.id,
  status: (v: Volume) => stateOf(v),
  size: (v: Volume) => String(v.size),
  "snapshot-id": (v: Volume) => v.snapshotId,
  "availability-zone": (v: Volume) => v.instance.az,
  "volume-type": () => "gp3",
  encrypted: () => "false",
  "attachment.instance-id": (v: Volume) => v.instance.id,
  "attachment.device": (v: Volume) => v.device,
  "attachment.status": (v: Volume) => (stateOf(v) === "in-use" ? "attached" : "detaching"),
  "attachment.delete-on-termination": () => "true",
};

function volumeXml(v: Volume): XmlValue {
  return {
    volumeId: v.id,
    size: v.size,
    snapshotId: v.snapshotId,
    availabilityZone: v.instance.az,
    status: stateOf(v),
    createTime: new Date(v.instance.launchTime),
    attachmentSet: [
      {
        volumeId: v.id,
        instanceId: v.instance.id,
        device: v.device,
        status: stateOf(v) === "in-use" ? "attached" : "detaching",
        attachTime: new Date(v.instance.launchTime),
        deleteOnTermination: true,
      },
    ],
    // The instance's tags are not the volume's: AWS copies them only when a launch asks for it.
    tagSet: v.instance.rootVolumeTags?.length ? tagSet(v.instance.rootVolumeTags) : undefined,
    volumeType: "gp3",
    iops: 3000,
    throughput: 125,
    encrypted: false,
    multiAttachEnabled: false,
  };
}

const describeVolumes: Ec2Handler = (ctx) => {
  const ids = ctx.params.strings("VolumeId");
  const all = volumesOf(ctx.cloud, ctx.region);
  for (const id of ids) {
    checkIdFormat(id, "vol", "InvalidVolumeID.Malformed");
    if (!all.some((v) => v.id === id)) throw new ApiError("InvalidVolume.NotFound", `The volume '${id}' does not exist.`);
  }
  const pool = ids.length > 0 ? all.filter((v) => ids.includes(v.id)) : all;
  const volumes = applyFilters(pool, filtersOf(ctx.params), VOLUME_FILTERS, (v) => v.instance.rootVolumeTags ?? []);
  const page = paginate(ctx.params, volumes, { min: 5, max: 500 }, ids.length > 0);
  return { volumeSet: page.items.map(volumeXml), nextToken: page.nextToken };
};

export const volumeHandlers: Record<string, Ec2Handler> = {
  DescribeVolumes: describeVolumes,
};

