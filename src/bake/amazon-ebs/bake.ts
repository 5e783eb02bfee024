// bakeImage: the public entry of the amazon-ebs builder. Checks the source block and every
// provisioner before touching the cloud, then runs the steps; temporaries are always removed, the
// image only when the bake failed or was cancelled. Every event passes through the redactor.

import { RollError, isRollError, userError, withLeftResources } from "../../engine/errors.js";
import type { EventSink } from "../../engine/events.js";
import { redactingSink, type Redactor } from "../../engine/redact.js";
import { runSteps } from "../../engine/steps.js";
import type { CloudClients } from "../../cloud/target.js";
import type { BlockConfig, ProvisionerConfig } from "../../template/types.js";
import { randomUUID } from "node:crypto";
import { withOnErrorPolicy, type OnErrorOptions, type PolicyReport } from "../on-error.js";
import { preparePostProcessors } from "../post-processors/index.js";
import { prepareProvisioners, provisionersFor } from "../provisioners/prepare.js";
import { checkTargetSupport } from "./capabilities.js";
import { parseEbsConfig } from "./config.js";
import { ebsPolicyHooks } from "./left-behind.js";
import type { EbsState } from "./state.js";
import { EBS_STEPS, timed } from "./steps.js";

export interface BakeImageOptions {
  clients: CloudClients;
  /** The evaluated `source "amazon-ebs" "<name>"` block. */
  source: BlockConfig;
  /** The build's provisioners in template order; only/except are applied here. */
  provisioners: ProvisionerConfig[];
  /** path.root: relative local paths (scripts, file sources, key files) resolve against it. */
  templateRoot: string;
  app: string;
  /** Tags for the image and its snapshots (roll:app, roll:version, roll:content-hash, …). */
  imageTags: Record<string, string>;
  /** Unique per bake; names the temporaries and tags every resource (`roll:bake-id`). */
  bakeId: string;
  signal: AbortSignal;
  emit: EventSink;
  redact: Redactor;
  /** Asked at `breakpoint` provisioners; absent in non-interactive runs (they log and continue). */
  confirm?: (message: string) => Promise<boolean>;
  /** The build's post-processors in template order (manifest, shell-local); only/except are applied here. */
  postProcessors?: ProvisionerConfig[];
  /** The build's error-cleanup-provisioner: run when a provisioner fails, before the cleanup. */
  errorCleanupProvisioners?: ProvisionerConfig[];
  /** What happens to the builder and temporaries when the bake fails; default cleanup. */
  onError?: OnErrorOptions;
  /** The source image, when the caller resolved it already (it is part of the content hash). */
  sourceImageId?: string;
}

export interface BakeResult {
  /** The new image in `region`; "" when skip_create_ami is set (then `imageCreated` is false). */
  imageId: string;
  imageCreated: boolean;
  region: string;
  amiName: string;
  /** Copies by region (ami_regions). */
  copies: Record<string, string>;
  sourceImageId: string;
  /** Wall time of each step that ran, by step name. */
  durationMs: Record<string, number>;
}

const BAKE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

export async function bakeImage(options: BakeImageOptions): Promise<BakeResult> {
  const emit = redactingSink(options.emit, options.redact);
  const policyReport: PolicyReport = { kept: [] };
  try {
    if (options.source.type !== "amazon-ebs") {
      throw userError("unsupported-builder", `source type "${options.source.type}" is not supported by this builder (amazon-ebs)`, options.source.position);
    }
    if (!BAKE_ID.test(options.bakeId)) {
      throw new RollError("invalid-bake-id", `bake id ${JSON.stringify(options.bakeId)} must be 1-63 letters, digits or dashes`, { fault: "internal" });
    }
    const config = parseEbsConfig(options.source, options.templateRoot);
    const provisioners = prepareProvisioners(provisionersFor(options.provisioners, config.sourceName), options.templateRoot);
    const postProcessors = preparePostProcessors(provisionersFor(options.postProcessors ?? [], config.sourceName), options.templateRoot);
    const [errorCleanup] = prepareProvisioners(provisionersFor(options.errorCleanupProvisioners ?? [], config.sourceName), options.templateRoot);
    checkTargetSupport(config, options.clients.target, emit);
    const region = config.region ?? options.clients.target.region;
    const state: EbsState = {
      config,
      clients: options.clients,
      region,
      ec2: options.clients.ec2(region),
      bakeId: options.bakeId,
      app: options.app,
      imageTags: options.imageTags,
      provisioners,
      postProcessors,
      errorCleanup,
      runUuid: randomUUID(),
      buildTime: Math.floor(Date.now() / 1000),
      sourceImageId: options.sourceImageId,
      templateRoot: options.templateRoot,
      redact: options.redact,
      confirm: options.confirm,
      copies: {},
      durationMs: {},
    };
    const steps = withOnErrorPolicy(EBS_STEPS.map(timed), options.onError ?? { policy: "cleanup" }, ebsPolicyHooks, policyReport);
    await runSteps(steps, state, { signal: options.signal, emit });
    // The "image" event is the caller's to emit: it knows the version the image becomes.
    return {
      imageId: state.image?.imageId ?? "",
      imageCreated: state.image !== undefined,
      region,
      amiName: config.amiName,
      copies: Object.fromEntries(Object.entries(state.copies).map(([r, c]) => [r, c.imageId])),
      sourceImageId: state.sourceImageId!,
      durationMs: state.durationMs,
    };
  } catch (error) {
    // Messages may quote script output or commands: they leave redacted, like events.
    if (error instanceof Error) error.message = options.redact(error.message);
    if (options.signal.aborted && !(isRollError(error) && error.code === "cancelled")) {
      throw new RollError("cancelled", "cancelled by the user", { fault: "user", cause: error });
    }
    // --on-error=abort kept the builder and its temporaries: the cloud changed, whoever was at fault.
    if (policyReport.kept.length > 0) {
      throw withLeftResources(isRollError(error) ? error : new RollError("image-failed", error instanceof Error ? error.message : String(error), { fault: "external", cause: error }));
    }
    throw error;
  }
}
