#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so a fresh clone needs no build step.
import { register } from "tsx/esm/api";

// The AWS SDK warns on every run that its releases after January 2027 need Node 22; roll pins the SDK
// in package-lock.json, so the warning says nothing about this install. The README notes the move.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

register();
await import("../src/cli/main.ts");
