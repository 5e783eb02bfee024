// launch_block_device_mappings: the builder's volumes (and so the image's), in Packer's field names,
// turned into RunInstances' BlockDeviceMappings. Checked up front like every other field.

import type { BlockDeviceMapping } from "@aws-sdk/client-ec2";
import type { BlockConfig, Value } from "../../template/types.js";
import { FieldReader } from "../fields.js";

export interface BlockDevice {
  deviceName: string;
  volumeSize?: number;
  volumeType?: string;
  iops?: number;
  throughput?: number;
  deleteOnTermination: boolean;
  encrypted?: boolean;
  kmsKeyId?: string;
  snapshotId?: string;
  virtualName?: string;
  noDevice: boolean;
}

const FIELDS = [
  "device_name", "volume_size", "volume_type", "iops", "throughput", "delete_on_termination", "encrypted", "kms_key_id",
  "snapshot_id", "virtual_name", "no_device",
] as const;

const VOLUME_TYPES = ["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"] as const;

export function readBlockDevices(fields: FieldReader, field: string): BlockDevice[] {
  if (!fields.has(field)) return [];
  const raw = fields.block.fields[field] as Value;
  const entries = Array.isArray(raw) ? raw : [raw];
  const at = fields.block.fieldPositions[field] ?? fields.block.position;
  return entries.map((entry, index) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw fields.error(field, `"${field}" must be a list of blocks, entry ${index + 1} is not one`);
    }
    const block: BlockConfig = { type: field, name: "", position: at, fields: entry, fieldPositions: {} };
    const device = new FieldReader(block, `${fields.what} ${field}`);
    device.rejectUnknown(FIELDS);
    const volumeType = device.has("volume_type") ? device.oneOf("volume_type", VOLUME_TYPES, "gp2") : undefined;
    const iops = device.integer("iops", { min: 100 });
    if (iops !== undefined && volumeType !== "io1" && volumeType !== "io2" && volumeType !== "gp3") {
      throw device.error("iops", `"iops" needs volume_type "io1", "io2" or "gp3", got ${volumeType ? `"${volumeType}"` : "none"}`);
    }
    const throughput = device.integer("throughput", { min: 125, max: 1000 });
    if (throughput !== undefined && volumeType !== "gp3") throw device.error("throughput", `"throughput" needs volume_type "gp3"`);
    const kmsKeyId = device.string("kms_key_id") || undefined;
    const encrypted = device.has("encrypted") ? device.bool("encrypted") : undefined;
    if (kmsKeyId && encrypted !== true) throw device.error("kms_key_id", `"kms_key_id" needs "encrypted = true"`);
    return {
      deviceName: device.requiredString("device_name"),
      volumeSize: device.integer("volume_size", { min: 1, max: 65536 }),
      volumeType,
      iops,
      throughput,
      deleteOnTermination: device.bool("delete_on_termination", true),
      encrypted,
      kmsKeyId,
      snapshotId: device.string("snapshot_id") || undefined,
      virtualName: device.string("virtual_name") || undefined,
      noDevice: device.bool("no_device"),
    };
  });
}

export function toBlockDeviceMappings(devices: BlockDevice[]): BlockDeviceMapping[] {
  return devices.map((d) => {
    if (d.noDevice) return { DeviceName: d.deviceName, NoDevice: "" };
    if (d.virtualName) return { DeviceName: d.deviceName, VirtualName: d.virtualName };
    return {
      DeviceName: d.deviceName,
      Ebs: {
        DeleteOnTermination: d.deleteOnTermination,
        ...(d.volumeSize !== undefined ? { VolumeSize: d.volumeSize } : {}),
        ...(d.volumeType ? { VolumeType: d.volumeType as never } : {}),
        ...(d.iops !== undefined ? { Iops: d.iops } : {}),
        ...(d.throughput !== undefined ? { Throughput: d.throughput } : {}),
        ...(d.encrypted !== undefined ? { Encrypted: d.encrypted } : {}),
        ...(d.kmsKeyId ? { KmsKeyId: d.kmsKeyId } : {}),
        ...(d.snapshotId ? { SnapshotId: d.snapshotId } : {}),
      },
    };
  });
}
