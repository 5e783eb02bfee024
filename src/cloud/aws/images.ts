// Asking AWS about one image, with its errors mapped: "the image does not exist" is the user's to fix;
// "AWS could not say" (throttled, 5xx, network) is not, and says so.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { RollError } from "../../engine/errors.js";
import type { CloudClients } from "../target.js";
import { fromSdkError, isNotFound } from "./errors.js";

/** Throws unless the image exists and is available; `label` names it for the message (e.g. "version v3's image"). */
export async function assertImageAvailable(clients: Pick<CloudClients, "ec2">, imageId: string, label: string, signal?: AbortSignal): Promise<void> {
  let state: string | undefined;
  try {
    const answer = await clients.ec2().send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal });
    state = answer.Images?.[0]?.State;
  } catch (error) {
    if (signal?.aborted) throw error;
    if (!isNotFound(error)) throw fromSdkError(error, `describing ${label} ${imageId}`);
  }
  if (state !== "available") {
    const what = state ? `is ${state}, not available` : "no longer exists";
    throw new RollError("image-missing", `${label} ${imageId} ${what}`, { fault: "user" });
  }
}
