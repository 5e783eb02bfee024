// Bake a new version of an app, or reuse the version whose content hash is the same. The hash covers
// the evaluated template, every uploaded file and script, and the resolved base image, so the source
// image is looked up first: a newer image behind the same filter means a new bake.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { randomBytes } from "node:crypto";
import { bakeImage, findSourceImage, parseEbsConfig, TEMPORARY_TAG, type EbsConfig, type OnErrorOptions } from "../bake/index.js";
import { RollError } from "../engine/errors.js";
import type { Redactor } from "../engine/redact.js";
import { manifestCapture } from "../rebake/record-manifest.js";
import type { VersionManifest } from "../rebake/metadata.js";
import { contentHash, needsReuseKey, templateDigest } from "../releases/content-hash.js";
import { ensureReuseKey } from "../releases/reuse-key.js";
import { liveVersion, nextVersion, type ReleaseStore } from "../releases/store.js";
import { versionNumber, type VersionInputs } from "../releases/types.js";
import type { BuildConfig, ImageTemplate } from "../template/types.js";
import type { RunContext } from "./context.js";
import { warnAboutLeftovers } from "./gc-warn.js";

export interface BakeOutcome {
  version: string;
  imageId: string;
  reused: boolean;
  contentHash: string;
  /** A fresh bake's package manifest and base image, as recorded beside the version. */
  manifest?: VersionManifest;
}

export const TAG_APP = "roll:app";
export const TAG_VERSION = "roll:version";
export const TAG_CONTENT_HASH = "roll:content-hash";
export const TAG_BASE_IMAGE = "roll:base-image";
export const TAG_TEMPLATE_DIGEST = "roll:template-digest";

function pickBuild(template: ImageTemplate, file: string): BuildConfig {
  const build = template.builds.find((candidate) => candidate.sources.length > 0);
  if (!build) throw new RollError("template-invalid", `${file}: the template has no build with a source`, { fault: "user" });
  return build;
}

function appliesTo(entry: { only?: string[]; except?: string[] }, sourceKey: string): boolean {
  if (entry.only && !entry.only.includes(sourceKey)) return false;
  if (entry.except && entry.except.includes(sourceKey)) return false;
  return true;
}

/** Finished images of the app (a killed bake's image is still marked temporary and never counts). */
async function appImages(ctx: Pick<RunContext, "clients"> & { signal?: AbortSignal }, app: string, extraFilters: { Name: string; Values: string[] }[] = []) {
  const answer = await ctx.clients.ec2().send(
    new DescribeImagesCommand({
      Owners: ["self"],
      Filters: [{ Name: `tag:${TAG_APP}`, Values: [app] }, ...extraFilters],
    }),
    { abortSignal: ctx.signal },
  );
  return (answer.Images ?? []).map((image) => ({
    imageId: image.ImageId!,
    state: image.State,
    version: image.Tags?.find((tag) => tag.Key === TAG_VERSION)?.Value,
    temporary: image.Tags?.some((tag) => tag.Key === TEMPORARY_TAG && tag.Value === "true") ?? false,
  }));
}

export interface BakeOrReuseOptions {
  app: string;
  template: ImageTemplate;
  templateFile: string;
  store: ReleaseStore;
  force?: boolean;
  redact: Redactor;
  onError?: OnErrorOptions;
  /** The image is about to be deployed: reusing a version older than the live one is refused. */
  deploying?: boolean;
  /** Recorded on the version (a reused one keeps the inputs it was first built with). */
  inputs?: VersionInputs;
}

export interface BakeInputs {
  build: BuildConfig;
  source: BuildConfig["sources"][number];
  config: EbsConfig;
  region: string;
  baseImageId: string;
  contentHash: string;
}

/** What decides a bake: the build, its resolved base image and the content hash (shared with `roll plan`). */
export async function resolveBakeInputs(
  ctx: Pick<RunContext, "clients"> & { signal?: AbortSignal },
  template: ImageTemplate,
  templateFile: string,
  reuseKey?: Buffer,
): Promise<BakeInputs> {
  const build = pickBuild(template, templateFile);
  const source = build.sources[0];
  if (source.type !== "amazon-ebs") {
    throw new RollError("unsupported-builder", `roll cannot run source "${source.type}" yet (source.${source.type}.${source.name}); it bakes amazon-ebs`, {
      fault: "user",
      location: { ...source.position, field: "source" },
    });
  }
  const config = parseEbsConfig(source, template.root);
  const region = config.region ?? ctx.clients.target.region;
  const baseImage = await findSourceImage(ctx.clients.ec2(region), config, region, ctx.signal);
  const baseImageId = baseImage.ImageId!;
  return { build, source, config, region, baseImageId, contentHash: await contentHash(template, { baseImage: baseImageId }, reuseKey) };
}

interface ReuseCandidate {
  imageId: string;
  version: string;
}

/**
 * Of the images with the same content hash, the one to reuse: the live version when it is one of
 * them (re-deploying what runs moves nothing), else the newest. Never the oldest: an older twin is
 * what a deploy would have moved the fleet back to.
 */
export function pickReuse<T extends ReuseCandidate>(candidates: T[], liveImageId: string | undefined): T | undefined {
  const live = candidates.find((candidate) => candidate.imageId === liveImageId);
  if (live) return live;
  return [...candidates].sort((a, b) => versionNumber(b.version) - versionNumber(a.version))[0];
}

/**
 * The finished version whose image has this content hash, to reuse instead of baking (deploy and
 * `roll plan` decide with this one function).
 */
export async function findReusableImage(
  ctx: Pick<RunContext, "clients"> & { signal?: AbortSignal },
  app: string,
  hash: string,
  liveImageId: string | undefined,
): Promise<{ imageId: string; version: string } | undefined> {
  const twins = (await appImages(ctx, app, [{ Name: `tag:${TAG_CONTENT_HASH}`, Values: [hash] }])).filter(
    (image): image is typeof image & { version: string } => image.state === "available" && Boolean(image.version) && !image.temporary,
  );
  return pickReuse(twins, liveImageId);
}

export async function bakeOrReuse(ctx: RunContext, options: BakeOrReuseOptions): Promise<BakeOutcome> {
  const { app, template, store } = options;
  const reuseKey = needsReuseKey(template) ? await ensureReuseKey(ctx.stateRoot, app) : undefined;
  const inputs = await resolveBakeInputs(ctx, template, options.templateFile, reuseKey);
  const { build, source, baseImageId, contentHash: hash } = inputs;
  await warnAboutLeftovers(ctx, app, [inputs.region]);

  if (!options.force) {
    const live = liveVersion(await store.read());
    const same = await findReusableImage(ctx, app, hash, live?.imageId);
    if (same && options.deploying && live && same.imageId !== live.imageId && versionNumber(same.version) < versionNumber(live.version)) {
      throw new RollError(
        "reuse-older-than-live",
        `this deploy's inputs match ${same.version} (${same.imageId}), older than the live ${live.version}: deploying it would move the fleet back`,
        { fault: "user", hint: `to go back on purpose: roll rollback ${app} --to ${same.version}; to bake a new version from these inputs: --force` },
      );
    }
    if (same) {
      await store.update((state) => {
        const known = state.versions.find((v) => v.version === same.version);
        if (known) known.inputs ??= options.inputs;
        else {
          state.versions.push({
            version: same.version!,
            imageId: same.imageId,
            region: ctx.clients.target.region,
            contentHash: hash,
            sourceImageId: baseImageId,
            createdAt: new Date().toISOString(),
            inputs: options.inputs,
          });
        }
      });
      ctx.emit({ type: "image", version: same.version!, imageId: same.imageId, reused: true });
      return { version: same.version!, imageId: same.imageId, reused: true, contentHash: hash };
    }
  }

  const taken = (await appImages(ctx, app)).map((image) => image.version).filter((v): v is string => Boolean(v));
  // The number is spent before the bake starts: a failed or discarded bake never hands it on.
  let version = "";
  await store.update((state) => {
    version = nextVersion(state, taken);
    state.lastVersion = Number(version.slice(1));
  });
  const sourceKey = `${source.type}.${source.name}`;
  const capture = manifestCapture(ctx, options.templateFile);
  const result = await bakeImage({
    clients: ctx.clients,
    source,
    provisioners: [...build.provisioners.filter((p) => appliesTo(p, sourceKey)), ...capture.provisioners],
    postProcessors: build.postProcessors.filter((p) => appliesTo(p, sourceKey)),
    errorCleanupProvisioners: (build.errorCleanupProvisioners ?? []).filter((p) => appliesTo(p, sourceKey)),
    templateRoot: template.root,
    app,
    imageTags: {
      [TAG_APP]: app,
      [TAG_VERSION]: version,
      [TAG_CONTENT_HASH]: hash,
      [TAG_BASE_IMAGE]: baseImageId,
      [TAG_TEMPLATE_DIGEST]: await templateDigest(template),
    },
    bakeId: `bake-${randomBytes(6).toString("hex")}`,
    sourceImageId: baseImageId,
    signal: ctx.signal,
    emit: capture.emit,
    redact: options.redact,
    onError: options.onError,
  });
  await store.update((state) => {
    state.versions.push({
      version,
      imageId: result.imageId,
      region: ctx.clients.target.region,
      contentHash: hash,
      sourceImageId: result.sourceImageId,
      createdAt: new Date().toISOString(),
      inputs: options.inputs,
    });
  });
  const manifest = await capture.record({ app, version, imageId: result.imageId, baseImageId: result.sourceImageId, vars: options.inputs?.vars ?? {} });
  ctx.emit({ type: "image", version, imageId: result.imageId, reused: false });
  return { version, imageId: result.imageId, reused: false, contentHash: hash, manifest };
}
