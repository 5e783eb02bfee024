// Which image the builder starts from: source_ami as given (checked to exist), or the result of
// source_ami_filter (owners + filters, most_recent picks the newest by creation date).

import { DescribeImagesCommand, type EC2Client, type Image } from "@aws-sdk/client-ec2";
import { userError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { awsErrorCode, call, cloudError } from "./aws.js";
import type { EbsConfig, SourceImageFilter } from "./config.js";
import type { EbsState } from "./state.js";

function describeFilter(filter: SourceImageFilter): string {
  const parts = Object.entries(filter.filters).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  if (filter.owners.length > 0) parts.push(`owners=${JSON.stringify(filter.owners)}`);
  return parts.join(", ");
}

/**
 * The image a bake starts from: source_ami (checked to exist) or the newest match of
 * source_ami_filter. Exported so the pipeline can put the resolved id into the content hash before it
 * decides to reuse an image.
 */
export async function findSourceImage(ec2: EC2Client, config: EbsConfig, region: string, signal?: AbortSignal): Promise<Image> {
  if (config.sourceAmi) {
    try {
      const result = await ec2.send(new DescribeImagesCommand({ ImageIds: [config.sourceAmi] }), { abortSignal: signal });
      const image = result.Images?.[0];
      if (!image) throw Object.assign(new Error("not found"), { name: "InvalidAMIID.NotFound" });
      return image;
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === "InvalidAMIID.NotFound" || code === "InvalidAMIID.Malformed") {
        throw userError("source-image-not-found", `source_ami ${config.sourceAmi} does not exist in ${region}`, { ...config.sourceLocation, field: "source_ami" });
      }
      throw cloudError("DescribeImages", error);
    }
  }
  const filter = config.sourceAmiFilter!;
  const result = await call("DescribeImages", () =>
    ec2.send(
      new DescribeImagesCommand({
        ...(filter.owners.length > 0 ? { Owners: filter.owners } : {}),
        Filters: Object.entries(filter.filters).map(([Name, value]) => ({ Name, Values: [value] })),
      }),
      { abortSignal: signal },
    ),
  );
  const images: Image[] = result.Images ?? [];
  if (images.length === 0) {
    throw userError("source-image-not-found", `source_ami_filter matched no image in ${region} (${describeFilter(filter)})`, filter.location);
  }
  if (images.length > 1 && !filter.mostRecent) {
    throw userError(
      "source-image-ambiguous",
      `source_ami_filter matched ${images.length} images in ${region} (${describeFilter(filter)})`,
      filter.location,
      "narrow the filter, or set most_recent = true to take the newest",
    );
  }
  images.sort((a, b) => Date.parse(b.CreationDate ?? "") - Date.parse(a.CreationDate ?? ""));
  return images[0]!;
}

export const resolveSourceImage: Step<EbsState> = {
  name: "source-image",
  async run(state, { signal, emit }) {
    // The pipeline may have resolved it already (for the content hash): the bake starts from exactly that.
    if (state.sourceImageId) return;
    const image = await findSourceImage(state.ec2, state.config, state.region, signal);
    state.sourceImageId = image.ImageId!;
    if (!state.config.sourceAmi) emit({ type: "log", level: "info", message: `source image: ${image.ImageId} (${image.Name ?? "unnamed"})` });
  },
};
