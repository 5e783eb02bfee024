// The bake engine waits with the engine's abortable sleep (re-exported so its imports stay local).
export { sleep } from "../engine/sleep.js";
