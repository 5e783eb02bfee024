// Following an image from pending to available (or failed), in one region.

import { DescribeImagesCommand, type EC2Client, type Image } from "@aws-sdk/client-ec2";
import { RollError } from "../../engine/errors.js";
import { awsErrorCode, cloudError } from "./aws.js";
import type { Polling } from "./config.js";
import { waitFor } from "./wait.js";

const AVAILABLE_TIMEOUT_MS = 60 * 60_000;

export function waitImageAvailable(ec2: EC2Client, imageId: string, region: string, signal: AbortSignal, polling?: Polling): Promise<Image> {
  return waitFor<Image>(
    async () => {
      let image: Image | undefined;
      try {
        const result = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal });
        image = result.Images?.[0];
      } catch (error) {
        // Right after CreateImage/CopyImage the id may not be visible yet (eventual consistency).
        if (awsErrorCode(error) !== "InvalidAMIID.NotFound") throw cloudError("DescribeImages", error);
      }
      const name = image?.State ?? "pending";
      if (image && name === "available") return { done: true, value: image };
      if (name === "failed" || name === "invalid" || name === "error" || name === "deregistered") {
        throw new RollError("image-failed", `image ${imageId} in ${region} is ${name}: ${image?.StateReason?.Message ?? "no reason given"}`, { fault: "external" });
      }
      return { done: false, status: name };
    },
    { what: `image ${imageId} in ${region} to be available`, signal, polling, timeoutMs: AVAILABLE_TIMEOUT_MS },
  );
}
