// Holds the view state outside React, so events are never lost while Ink is still loading, and
// React subscribes to it with useSyncExternalStore.

import type { TimedEvent } from "../../engine/events.js";
import { initialView, reduceView, type ViewState } from "./reducer.js";

export class ViewStore {
  private state: ViewState;
  private readonly listeners = new Set<() => void>();

  constructor(title: string) {
    this.state = initialView(title);
  }

  dispatch(event: TimedEvent): void {
    this.state = reduceView(this.state, event);
    for (const listener of this.listeners) listener();
  }

  getSnapshot = (): ViewState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
