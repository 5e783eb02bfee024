// Half of the crash test (see crash-test.ts); the two halves run side by side.
import { crashTest } from "./crash-test.js";

crashTest(0);
