import { describe, expect, it, vi } from "vitest";
import type { RollEvent } from "../../../src/engine/events.js";
import { createReporter } from "../../../src/reporters/index.js";
import { FakeTerminal } from "../fake-terminal.js";
import { deployEvents, ROLLBACK_REASON, rollbackEvents } from "../fixtures.js";

// Ink draws only the final frame when it thinks it runs in CI (CI=true, as .ci/run sets): these tests
// look at the live view a person sees, so they run it as on a terminal. Ink is imported lazily by the
// reporter, after this line.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;

function inkReporter(terminal: FakeTerminal) {
  return createReporter("ink", { stdout: terminal.asStream(), stderr: terminal.asStream(), title: "roll deploy demo" });
}

describe("ink reporter", () => {
  it("ends a rollback with the phases, the instance table, the reason panel and the verdict", async () => {
    const terminal = new FakeTerminal(100, 60);
    const reporter = inkReporter(terminal);
    for (const event of rollbackEvents()) reporter.onEvent(event);
    await reporter.finish();
    const frame = terminal.screen();

    expect(frame).toContain("roll deploy demo");
    expect(frame).toMatch(/✓ bake\s+3\.4s\s+baking demo v3\n\s+└ image v3 ami-0c3d000000000003\n/);
    expect(frame).toMatch(/✗ gates\s+2\.4s\s+http \/healthz on new instances · http \/healthz failed/);
    expect(frame).toMatch(/✓ rollback\s+3\.3s/);
    expect(frame).toMatch(/INSTANCE\s+ADDRESS\s+VERSION\s+LIFECYCLE\s+HEALTH/);
    expect(frame).toMatch(/i-0aaa000000000001\s+127\.0\.1\.11\s+v2\s+InService\s+Healthy/);
    expect(frame).toMatch(/i-0aaa000000000002\s+127\.0\.1\.12\s+v2\s+InService\s+Healthy/);
    expect(frame).toMatch(/RollbackSuccessful[\s\S]*█+ 100%/);
    expect(frame).toContain(`Rolled back: ${ROLLBACK_REASON}`);
    expect(frame).toContain("gate http /healthz on i-0ccc000000000003");
    expect(frame).toContain("GET http://127.0.1.13:8080/healthz -> 500 in 3ms: database unreachable");
    expect(frame).toMatch(/i-0ccc000000000003\s+Failed\s+HTTP 500 body: database unreachable/);
    expect(frame.trimEnd().split("\n").at(-1)).toBe(`↺ rolled back to v2: ${ROLLBACK_REASON}`);
    // The bake's output tail is gone once the bake succeeded.
    expect(frame).not.toContain("Installing demo-server");
  });

  it("ends a deploy with every phase ticked and the deployed verdict", async () => {
    const terminal = new FakeTerminal(100, 60);
    const reporter = inkReporter(terminal);
    for (const event of deployEvents()) reporter.onEvent(event);
    await reporter.finish();
    const frame = terminal.screen();
    for (const phase of ["lock", "template", "bake", "synth", "apply", "refresh", "gates", "reconcile", "record"]) {
      expect(frame).toMatch(new RegExp(`✓ ${phase}\\s+\\d+\\.\\ds`));
    }
    expect(frame).toMatch(/✓ gate http \/healthz\s+3 ok/);
    expect(frame).not.toContain("Rolling back");
    expect(frame.trimEnd().split("\n").at(-1)).toBe("✓ deployed v3 in 13.1s");
  });

  it("fits the live area into a 80x24 terminal, so Ink never wipes the screen and its scrollback", async () => {
    const terminal = new FakeTerminal(80, 24);
    const reporter = inkReporter(terminal);
    const events = rollbackEvents();
    const resultAt = events.findIndex((event) => event.type === "result");
    // A bigger group and a second gate than the fixture has: more than fits in 24 rows unbudgeted.
    const crowd: RollEvent[] = [
      {
        type: "instances",
        instances: Array.from({ length: 6 }, (_, i) => ({ id: `i-0aaa00000000001${i}`, ip: `127.0.1.${20 + i}`, version: "v2", lifecycle: "InService", health: "Healthy" })),
      },
      ...Array.from({ length: 4 }, (_, i): RollEvent => ({ type: "gate", gate: "command ./smoke.sh", target: `127.0.1.${20 + i}`, status: "Successful", value: "exit 0" })),
    ];
    for (const event of [...events.slice(0, resultAt), ...crowd, ...events.slice(resultAt)]) reporter.onEvent(event);
    await reporter.finish();
    expect(terminal.writes.join("")).not.toContain("\u001B[2J");
    const frame = terminal.screen();
    // Every phase stays readable in the history, and the verdict is the last line.
    expect(frame).toMatch(/✗ refresh\s+6\.0s/);
    expect(frame).toContain(`Rolled back: gate http /healthz failed on`);
    expect(frame).toContain("… and 3 more");
    expect(frame.trimEnd().split("\n").at(-1)).toBe(`↺ rolled back to v2: ${ROLLBACK_REASON}`);
  });

  it("shows a spinner and the provisioner output tail while the bake runs", async () => {
    const terminal = new FakeTerminal(100, 40);
    const reporter = inkReporter(terminal);
    const events = deployEvents();
    const bakeEnd = events.findIndex((event) => event.type === "phase-end" && event.phase === "bake");
    for (const event of events.slice(0, bakeEnd)) reporter.onEvent(event);
    for (let i = 1; i <= 10; i++) reporter.onEvent({ type: "output", stream: "stdout", line: `step ${i} of 10` });
    // Ink loads on demand (a second or more on a busy machine) and draws at most 30 frames a second.
    await vi.waitFor(() => expect(terminal.screen()).toContain("│ step 10 of 10"), { timeout: 20_000, interval: 50 });
    const frame = terminal.screen();
    expect(frame).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] bake\s+\d+(\.\d)?[ms]/);
    expect(frame).toContain("provisioner 1 (shell)");
    expect(frame).toContain("│ step 10 of 10");
    expect(frame).toContain("│ step 3 of 10");
    expect(frame).not.toContain("│ step 2 of 10");
    await reporter.finish();
  });
});
