// Builds an app's constructs in memory with a stand-in image, never synthesized or written: the cheap
// way to run every construct's own checks when the app loads.

import { App } from "cdktf";
import { tmpdir } from "node:os";
import type { AppDefinition } from "./app.js";
import { addAppStack } from "./synth.js";

export const STAND_IN_IMAGE = "ami-00000000000000000";

export function dryBuild(app: AppDefinition): void {
  addAppStack(new App({ outdir: tmpdir(), skipValidation: true }), app, { app: app.name, region: "us-east-1", imageId: STAND_IN_IMAGE });
}
