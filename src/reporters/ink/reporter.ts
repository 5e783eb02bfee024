// The Ink reporter: events go into a store straight away; the React view is mounted as soon as Ink
// has loaded and shows the store's latest state. finish() draws the final frame and unmounts.

import type { RollEvent, TimedEvent } from "../../engine/events.js";
import { stampEvent } from "../time.js";
import type { Reporter, ReporterOptions } from "../types.js";
import type { MountedView } from "./mount.js";
import { ViewStore } from "./store.js";

export class InkReporter implements Reporter {
  private readonly store: ViewStore;
  private readonly mounted: Promise<MountedView>;
  private finished = false;

  constructor(options: ReporterOptions) {
    this.store = new ViewStore(options.title);
    const stderr = options.stderr ?? process.stderr;
    this.mounted = import("./mount.js").then(({ mountView }) => mountView(this.store, options.stdout, stderr));
    // A failure to load or mount surfaces from finish(); until then it must not crash the run.
    this.mounted.catch(() => undefined);
  }

  onEvent(event: TimedEvent | RollEvent): void {
    if (this.finished) return;
    this.store.dispatch(stampEvent(event));
  }

  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const view = await this.mounted;
    await view.unmount();
  }
}
