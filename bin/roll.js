#!/usr/bin/env node
// roll's entry point. It runs JavaScript compiled from src/ on the first start after a change (see
// compile.js), so a start costs no TypeScript compilation; without a compiled copy it falls back to
// running the TypeScript through tsx's loader.

// The AWS SDK warns on every run that its releases after January 2027 need Node 22; roll pins the SDK
// in package-lock.json, so the warning says nothing about this install. The README notes the move.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { compiledSources } from "./compile.js";

const root = new URL("..", import.meta.url);
const compiled = process.env.ROLL_NO_COMPILE ? undefined : await compiledSources(root.pathname);
if (compiled) {
  // App stacks (stacks/<app>.ts) and the sandbox package are TypeScript loaded at run time: the tsx
  // loader is registered only when a command first imports one (src/engine/typescript-imports.ts).
  globalThis[Symbol.for("roll.registerTypeScript")] = async () => (await import("tsx/esm/api")).register();
  await import(`${compiled}/src/cli/main.js`);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
