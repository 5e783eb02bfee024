// `breakpoint`: pause the bake so someone can look at the machine. A question with a default answer:
// without an interactive `confirm` it logs and goes on, so unattended runs never hang.

import { RollError } from "../../engine/errors.js";
import type { FieldReader } from "../fields.js";
import type { ProvisionerKind, ProvisionerRunContext } from "./types.js";

export interface BreakpointConfig {
  disabled: boolean;
  note: string;
}

export const breakpoint: ProvisionerKind<BreakpointConfig> = {
  needsSession: false,
  fields: ["disable", "note"],

  parse(fields: FieldReader): BreakpointConfig {
    return { disabled: fields.bool("disable"), note: fields.string("note") ?? "" };
  },

  async run(config: BreakpointConfig, ctx: ProvisionerRunContext): Promise<void> {
    const note = config.note ? `: ${config.note}` : "";
    if (config.disabled) {
      ctx.emit({ type: "log", level: "info", message: `breakpoint${note} (disabled)` });
      return;
    }
    if (!ctx.confirm) {
      ctx.emit({ type: "log", level: "info", message: `breakpoint${note} (not interactive: continuing)` });
      return;
    }
    const goOn = await ctx.confirm(`breakpoint${note}. Continue the bake?`);
    if (!goOn) throw new RollError("cancelled", "stopped at a breakpoint", { fault: "user" });
  },
};
