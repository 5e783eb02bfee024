// A rebake's verdict and package diff reach the reader whatever the reporter: the plain lines, the Ink
// view's scrollback, the NDJSON record, and `rebake --all`'s per-app lines and table.

import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createAppLinePrinter, fleetTable } from "../../src/cli/commands/rebake.js";
import type { RebakeSummary, ResultEvent, RollEvent } from "../../src/engine/events.js";
import { fleetRow } from "../../src/rebake/fleet.js";
import { createReporter, type ReporterKind } from "../../src/reporters/index.js";
import { FakeTerminal } from "./fake-terminal.js";

delete process.env.CI; // the Ink test looks at the view a person sees on a terminal
delete process.env.CONTINUOUS_INTEGRATION;

const upgraded = Array.from({ length: 14 }, (_, i) => ({ name: `lib${String(i).padStart(2, "0")}`, arch: "amd64", from: "1.0-1", to: "1.0-2" }));
const summary: RebakeSummary = {
  previous: "v3",
  baked: "v4",
  baseImage: { from: "ami-old", to: "ami-new", fromName: "sandbox-linux-base-2026.11.0-x86_64", toName: "sandbox-linux-base-2026.12.0-x86_64" },
  packages: { upgraded, added: [{ name: "roll-hotfix", version: "1.0", arch: "all" }], removed: [] },
  verdict: "new base image and 15 package changes",
};
const events: RollEvent[] = [
  { type: "phase-start", phase: "bake", title: "bake on the newest base image" },
  { type: "image", version: "v4", imageId: "ami-0v4", reused: false },
  { type: "rebake", ...summary },
  { type: "phase-end", phase: "bake", status: "ok", durationMs: 2000 },
];
const result: ResultEvent = { type: "result", app: "demo", outcome: "deployed", version: "v4", live: "v4", durationMs: 60_000, rebake: summary };

async function render(kind: ReporterKind): Promise<string> {
  const terminal = new FakeTerminal(140, 60);
  const stdout = kind === "ink" ? terminal.asStream() : new PassThrough();
  const chunks: Buffer[] = [];
  if (kind !== "ink") (stdout as PassThrough).on("data", (chunk: Buffer) => chunks.push(chunk));
  const reporter = createReporter(kind, { stdout, stderr: kind === "ink" ? terminal.asStream() : new PassThrough(), title: "roll rebake demo" });
  for (const event of [...events, result]) reporter.onEvent(event);
  await reporter.finish();
  return kind === "ink" ? terminal.screen() : Buffer.concat(chunks).toString("utf8");
}

describe("a rebake's evidence in every reporter", () => {
  it.each(["plain", "ink"] as const)("%s: the verdict with the base images, the packages one per line, cut short, and the verdict line", async (kind) => {
    const text = await render(kind);
    expect(text).toContain("rebake v4 vs v3: new base image and 15 package changes; base sandbox-linux-base-2026.11.0-x86_64 -> sandbox-linux-base-2026.12.0-x86_64");
    expect(text).toMatch(/upgraded lib00 1\.0-1 -> 1\.0-2/);
    expect(text).toMatch(/… 4 more \(roll diff shows all\)/);
    expect(text).toMatch(/added roll-hotfix 1\.0 \(all\)/);
    expect(text).not.toContain("lib12");
    expect(text).toContain("deployed v4 in 60.0s (rebake: new base image and 15 package changes)");
  });

  it("json: the rebake event and the result carry the whole diff", async () => {
    const lines = (await render("json")).trimEnd().split("\n").map((line) => JSON.parse(line) as RollEvent);
    const rebake = lines.find((line) => line.type === "rebake") as Extract<RollEvent, { type: "rebake" }>;
    expect(rebake.packages.upgraded).toHaveLength(14);
    expect(lines.at(-1)).toMatchObject({ type: "result", rebake: { verdict: summary.verdict, packages: { added: [{ name: "roll-hotfix" }] } } });
  });

  it("rebake --all: each app's lines carry the verdict and its packages, and the table the verdict", () => {
    let text = "";
    const print = createAppLinePrinter(false, (chunk) => (text += chunk));
    for (const event of [...events, result]) print("demo", event);
    expect(text).toMatch(/\[demo\] rebake v4 vs v3: new base image and 15 package changes/);
    expect(text).toMatch(/\[demo\]\s+added roll-hotfix 1\.0 \(all\)/);
    expect(text).toMatch(/\[demo\] deployed v4 in 60\.0s \(rebake: new base image and 15 package changes\)/);
    const upToDate: ResultEvent = { ...result, outcome: "up-to-date", version: "v3", live: "v3", rebake: { ...summary, verdict: "up to date: same base image, same packages" } };
    expect(fleetTable([fleetRow(result), fleetRow(upToDate)])).toMatch(/demo\s+v3\s+v3\s+15\s+new\s+up-to-date\s+up to date: same base image, same packages/);
  });
});
