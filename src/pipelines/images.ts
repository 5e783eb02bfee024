// roll images <app>: the app's versions as the cloud has them (the image tags are the record that
// survives a lost state folder), with which one is live according to the release store.

import { DescribeImagesCommand, type Image } from "@aws-sdk/client-ec2";
import { TEMPORARY_TAG } from "../bake/index.js";
import type { CloudClients } from "../cloud/target.js";
import { createReleaseStore } from "../releases/store.js";
import { versionNumber, type VersionInputs } from "../releases/types.js";
import { TAG_APP, TAG_BASE_IMAGE, TAG_CONTENT_HASH, TAG_TEMPLATE_DIGEST, TAG_VERSION } from "./bake.js";

export interface AppImage {
  version: string | null;
  imageId: string;
  name: string | null;
  /** The cloud's image state (available, pending, failed, …); "incomplete" for a dead bake's image. */
  state: string;
  live: boolean;
  createdAt: string | null;
  baseImage: string | null;
  contentHash: string | null;
  templateDigest: string | null;
  bakeId: string | null;
  /** What the version was built from (from the release store; null when not recorded). */
  inputs: VersionInputs | null;
}

function tag(image: Image, key: string): string | null {
  return image.Tags?.find((t) => t.Key === key)?.Value ?? null;
}

export async function listAppImages(clients: CloudClients, stateRoot: string, app: string, signal?: AbortSignal): Promise<{ app: string; live: string | null; images: AppImage[] }> {
  const state = await createReleaseStore(stateRoot, app).read();
  const liveImage = state.live ? state.versions.find((v) => v.version === state.live)?.imageId : undefined;
  const answer = await clients.ec2().send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: `tag:${TAG_APP}`, Values: [app] }] }), { abortSignal: signal });
  const images = (answer.Images ?? []).map((image): AppImage => {
    const incomplete = tag(image, TEMPORARY_TAG) === "true";
    return {
      version: tag(image, TAG_VERSION),
      imageId: image.ImageId!,
      name: image.Name ?? null,
      state: incomplete && image.State === "available" ? "incomplete" : (image.State ?? "unknown"),
      live: image.ImageId === liveImage,
      createdAt: image.CreationDate ?? null,
      baseImage: tag(image, TAG_BASE_IMAGE),
      contentHash: tag(image, TAG_CONTENT_HASH),
      templateDigest: tag(image, TAG_TEMPLATE_DIGEST),
      bakeId: tag(image, "roll:bake-id"),
      inputs: state.versions.find((v) => v.imageId === image.ImageId)?.inputs ?? null,
    };
  });
  const order = (image: AppImage) => (image.version ? versionNumber(image.version) : Number.MAX_SAFE_INTEGER);
  images.sort((a, b) => order(a) - order(b) || (a.createdAt ?? "").localeCompare(b.createdAt ?? ""));
  return { app, live: state.live ?? null, images };
}
