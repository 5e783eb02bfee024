// roll runs compiled (bin/compile.js), but an app's stack (stacks/<app>.ts) and the sandbox package
// are TypeScript imported at run time. bin/roll.js leaves a hook to register tsx's loader; calling it
// only when such an import is about to happen keeps tsx's per-module hooks off every other import.
// Under tsx or vitest the hook is absent and TypeScript imports already work.

let registered: Promise<void> | undefined;

export function allowTypeScriptImports(): Promise<void> {
  const register = (globalThis as Record<symbol, unknown>)[Symbol.for("roll.registerTypeScript")] as (() => Promise<unknown>) | undefined;
  if (!register) return Promise.resolve();
  registered ??= register().then(() => undefined);
  return registered;
}
