// Where Terraform keeps an app's state: a local file (the default, beside the working directory) or
// an S3 object. `{app}` in a path or key is replaced by the app's name, so one setting serves every
// app and each app still has its own state.

import { isAbsolute, join, resolve } from "node:path";
import { userError } from "../../engine/errors.js";

export type BackendConfig =
  | { kind: "local"; path?: string }
  | {
      kind: "s3";
      bucket: string;
      /** Default: `roll/{app}/terraform.tfstate`. */
      key?: string;
      region: string;
      /** An S3-compatible endpoint (e.g. the sandbox's); path-style addressing is used with it. */
      endpoint?: string;
    };

const forApp = (text: string, app: string) => text.replaceAll("{app}", app);

/** The `terraform.backend` block for an app; `appDir` is the app's working directory. */
export function backendBlock(backend: BackendConfig | undefined, app: string, appDir: string): Record<string, unknown> {
  if (!backend || backend.kind === "local") {
    const path = backend?.path ? forApp(backend.path, app) : join(appDir, "terraform.tfstate");
    return { local: { path: isAbsolute(path) ? path : resolve(path) } };
  }
  if (backend.kind === "s3") {
    if (!backend.bucket) throw userError("bad-backend", "the S3 state backend needs a bucket");
    if (!backend.region) throw userError("bad-backend", "the S3 state backend needs a region");
    return {
      s3: {
        bucket: backend.bucket,
        key: forApp(backend.key ?? "roll/{app}/terraform.tfstate", app),
        region: backend.region,
        // Terraform 1.10+'s lock file beside the state (a conditional PUT of <key>.tflock): no DynamoDB table.
        use_lockfile: true,
        ...(backend.endpoint
          ? {
              endpoints: { s3: backend.endpoint },
              use_path_style: true,
              skip_credentials_validation: true,
              skip_requesting_account_id: true,
              skip_metadata_api_check: true,
              skip_region_validation: true,
            }
          : {}),
      },
    };
  }
  throw userError("bad-backend", `unknown state backend kind ${JSON.stringify((backend as { kind: unknown }).kind)} (use "local" or "s3")`);
}
