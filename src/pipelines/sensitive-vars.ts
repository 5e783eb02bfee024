// A sensitive value given with --var is redacted in everything roll writes, but roll cannot reach the
// places it went before roll ran: the process list (any local user sees argv) and the shell history.
// Say so, and name the ways that keep it out of both.

import type { EventSink } from "../engine/events.js";
import type { ImageTemplate } from "../template/types.js";

export function warnAboutSensitiveVars(template: ImageTemplate, vars: Record<string, string>, emit: EventSink): void {
  for (const name of Object.keys(vars)) {
    if (!template.variables[name]?.sensitive) continue;
    emit({
      type: "log",
      level: "warn",
      message:
        `--var ${name}: "${name}" is sensitive, and a value on the command line shows in the process list and stays in shell history; ` +
        `pass it as PKR_VAR_${name} in the environment or in a --var-file instead`,
    });
  }
}
