import { useSyncExternalStore } from "react";
import type { ViewState } from "./reducer.js";
import type { ViewStore } from "./store.js";

export function useViewState(store: ViewStore): ViewState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
