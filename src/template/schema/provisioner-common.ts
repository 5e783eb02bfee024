// Fields every provisioner accepts (only / except are read separately into ProvisionerConfig).

import { string, number, type FieldSpec } from "./types.js";

export const provisionerCommonFields: Record<string, FieldSpec> = {
  pause_before: string,
  max_retries: number,
  timeout: string,
};

export const provisionerCommonUnsupported: Record<string, string> = {
  override: "per-source overrides are not supported; use separate provisioners with only/except",
};
