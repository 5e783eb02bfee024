// What a provisioner is: a validated configuration (checked before the bake starts any machine) and
// a run against the builder machine.

import type { EventSink } from "../../engine/events.js";
import type { RemoteSession } from "../communicator/session.js";
import type { FieldReader } from "../fields.js";

export interface ProvisionerRunContext {
  /** The builder machine; absent for builds without a communicator (then only local provisioners run). */
  session?: RemoteSession;
  templateRoot: string;
  /** PACKER_BUILDER_TYPE, e.g. "amazon-ebs". */
  builderType: string;
  /** PACKER_BUILD_NAME, e.g. "app". */
  buildName: string;
  signal: AbortSignal;
  emit: EventSink;
  /** Asked by `breakpoint`; without it (non-interactive runs) the breakpoint only logs. */
  confirm?: (message: string) => Promise<boolean>;
  /** build.ID, build.Host … for "${build.X}" placeholders in the provisioner's fields. */
  buildFacts?: Record<string, string>;
}

export interface ProvisionerKind<C> {
  /** Reads and checks the type-specific fields; throws user errors naming file, line and field. */
  parse(fields: FieldReader, templateRoot: string): C;
  run(config: C, ctx: ProvisionerRunContext): Promise<void>;
  readonly fields: readonly string[];
  readonly needsSession: boolean;
}
