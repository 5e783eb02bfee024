// Provisioner types by name. Adding one is a new file and a line here.

import { breakpoint } from "./breakpoint.js";
import { file } from "./file.js";
import { shell } from "./shell.js";
import { shellLocal } from "./shell-local.js";
import type { ProvisionerKind } from "./types.js";

export const PROVISIONER_KINDS: Record<string, ProvisionerKind<unknown>> = {
  shell: shell as ProvisionerKind<unknown>,
  file: file as ProvisionerKind<unknown>,
  "shell-local": shellLocal as ProvisionerKind<unknown>,
  breakpoint: breakpoint as ProvisionerKind<unknown>,
};
