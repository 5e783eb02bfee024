// Behind stacks/main.ts: lets `npx cdktf synth` (and deploy/diff) work on stacks/ as on any cdktf
// project, one Terraform stack per app. The cdktf CLI passes the output folder and context through the
// environment, which `new App()` reads.

import { App } from "cdktf";
import type { StackInputs } from "./app.js";
import { listApps, loadApp } from "./load-app.js";
import type { ProviderTarget } from "./provider.js";
import { addAppStack } from "./synth.js";

export interface CdktfEntryOptions {
  projectRoot: string;
  /** Inputs for one app; `context` reads cdktf context (cdktf.json "context" or `--context`). */
  inputs(app: string, context: (key: string) => unknown): StackInputs;
  target?: ProviderTarget;
  providerVersion?: string;
}

export async function synthesizeProjectForCdktf(options: CdktfEntryOptions): Promise<void> {
  const cdktfApp = new App();
  const context = (key: string): unknown => cdktfApp.node.tryGetContext(key);
  for (const name of listApps(options.projectRoot)) {
    const app = await loadApp(options.projectRoot, name);
    addAppStack(cdktfApp, app, options.inputs(name, context), { target: options.target, providerVersion: options.providerVersion });
  }
  cdktfApp.synth();
}
