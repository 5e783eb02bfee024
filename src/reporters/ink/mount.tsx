// Loaded on demand by the Ink reporter, so --json and plain runs never pay for React and Ink.
import { render } from "ink";
import type { OutputStream } from "../types.js";
import { App } from "./App.js";
import type { ViewStore } from "./store.js";

export interface MountedView {
  unmount(): Promise<void>;
}

export function mountView(store: ViewStore, stdout: OutputStream, stderr: OutputStream): MountedView {
  const instance = render(<App store={store} />, {
    stdout: stdout as NodeJS.WriteStream,
    stderr: stderr as NodeJS.WriteStream,
    // The CLI owns Ctrl-C (one AbortController) so cleanup runs; Ink must not exit on its own.
    exitOnCtrlC: false,
    // The engine never prints; leave console alone rather than hide someone's debugging output.
    patchConsole: false,
  });
  return {
    async unmount() {
      // Let React commit the last store update before Ink draws its final frame.
      await new Promise((resolve) => setImmediate(resolve));
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
