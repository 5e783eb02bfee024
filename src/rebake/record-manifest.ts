// Every fresh bake, deploy's as much as rebake's, ends with the package-manifest capture and records
// the manifest and the base image beside the version: without that record the first rebake after a
// deploy could not show that nothing changed, and would redeploy the same packages for nothing.

import type { CloudClients } from "../cloud/target.js";
import type { EventSink } from "../engine/events.js";
import type { ProvisionerConfig } from "../template/types.js";
import { manifestProvisioners, manifestTap, newMarker } from "./capture.js";
import { imageName } from "./image-cleanup.js";
import { writeVersionManifest, type VersionManifest } from "./metadata.js";

export interface ManifestCapture {
  /** Appended after the template's provisioners (and not part of the content hash). */
  provisioners: ProvisionerConfig[];
  /** The bake's event sink, without the manifest's own lines. */
  emit: EventSink;
  /** Writes the manifest of the finished image; undefined (and a warning) when the builder listed no packages. */
  record(baked: { app: string; version: string; imageId: string; baseImageId: string; vars: Record<string, string> }): Promise<VersionManifest | undefined>;
}

export function manifestCapture(
  ctx: { clients: CloudClients; stateRoot: string; emit: EventSink; signal?: AbortSignal },
  templateFile: string,
): ManifestCapture {
  const marker = newMarker();
  const tap = manifestTap(ctx.emit, marker);
  return {
    provisioners: manifestProvisioners({ marker, file: templateFile }),
    emit: tap.emit,
    async record(baked) {
      if (!tap.complete() || tap.packages().length === 0) {
        ctx.emit({ type: "log", level: "warn", message: `${baked.version} has no package manifest (the builder has neither dpkg-query nor rpm): a rebake cannot show it unchanged` });
        return undefined;
      }
      const manifest: VersionManifest = {
        app: baked.app,
        version: baked.version,
        imageId: baked.imageId,
        baseImage: { id: baked.baseImageId, name: await imageName(ctx.clients, baked.baseImageId, ctx.signal) },
        capturedAt: new Date().toISOString(),
        vars: baked.vars,
        packages: tap.packages(),
      };
      await writeVersionManifest(ctx.stateRoot, manifest);
      return manifest;
    },
  };
}
