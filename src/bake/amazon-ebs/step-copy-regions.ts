// ami_regions: copy the image to each other region at once, each with a client of that region, and
// wait until every copy is available. Copies are removed like the image when the bake fails.

import { CopyImageCommand } from "@aws-sdk/client-ec2";
import { RollError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { call } from "./aws.js";
import { imageTagSpecs } from "./image-tags.js";
import { waitImageAvailable } from "./image-wait.js";
import { removeImage, snapshotIdsOf } from "./images.js";
import type { EbsState } from "./state.js";

async function copyTo(state: EbsState, region: string, signal: AbortSignal, emit: Parameters<Step<EbsState>["run"]>[1]["emit"]): Promise<void> {
  const ec2 = state.clients.ec2(region);
  const result = await call(`CopyImage to ${region}`, () =>
    ec2.send(
      new CopyImageCommand({
        SourceImageId: state.image!.imageId,
        SourceRegion: state.region,
        Name: state.config.amiName,
        ...(state.config.amiDescription ? { Description: state.config.amiDescription } : {}),
        TagSpecifications: imageTagSpecs(state),
      }),
      { abortSignal: signal },
    ),
  );
  const imageId = result.ImageId!;
  state.copies[region] = { imageId, snapshotIds: [] };
  emit({ type: "resource", action: "created", kind: "image", id: imageId, detail: `copy in ${region}` });
  const image = await waitImageAvailable(ec2, imageId, region, signal, state.config.polling);
  state.copies[region]!.snapshotIds = snapshotIdsOf(image);
}

export const copyToRegions: Step<EbsState> = {
  name: "copy-regions",
  async run(state, { signal, emit }) {
    if (state.config.skipCreateAmi || !state.image) return;
    const regions = state.config.amiRegions.filter((region) => region !== state.region);
    const results = await Promise.allSettled(regions.map((region) => copyTo(state, region, signal, emit)));
    const failures = results.flatMap((r, i) => (r.status === "rejected" ? [`${regions[i]}: ${(r.reason as Error).message}`] : []));
    if (failures.length > 0) {
      const first = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      if (signal.aborted) throw first.reason;
      throw new RollError("copy-failed", `copying the image failed in ${failures.join("; ")}`, { fault: "external", cause: first.reason });
    }
  },
  async cleanup(state, { signal, emit }, outcome) {
    if (!outcome.failed && !outcome.cancelled) return;
    const errors: string[] = [];
    for (const [region, copy] of Object.entries(state.copies)) {
      try {
        await removeImage(state.clients.ec2(region), copy, emit, signal, region);
        delete state.copies[region];
      } catch (error) {
        errors.push(`${region}: ${(error as Error).message}`);
      }
    }
    if (errors.length > 0) throw new Error(`could not remove image copies: ${errors.join("; ")}`);
  },
};
