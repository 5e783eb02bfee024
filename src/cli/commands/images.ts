// roll images <app>: the app's image versions, oldest first.

import type { Command } from "commander";
import { describeInputs } from "../../releases/inputs.js";
import { findProjectRoot } from "../project.js";
import { formatTable } from "../table.js";
import { resolveTarget } from "../target.js";
import { parseAppName } from "../options.js";

const short = (value: string | null, length = 12) => (value ? value.slice(0, length) : "-");

export function registerImages(program: Command): void {
  program
    .command("images")
    .description("the app's image versions: tags, base image, template digest, creation date, state, which one is live")
    .argument("<app>", "app name", parseAppName)
    .option("--json", 'print {"app","live","images":[{"version","imageId","name","state","live","createdAt","baseImage","contentHash","templateDigest","bakeId","inputs"}]}')
    .option("--target <name>", "sandbox (default) or aws")
    .action(async (app: string, flags: { json?: boolean; target?: string }) => {
      const projectRoot = findProjectRoot();
      const target = await resolveTarget(projectRoot, flags.target);
      const { listAppImages } = await import("../../pipelines/images.js");
      const listing = await listAppImages(target.clients, target.stateRoot, app);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(listing)}\n`);
        return;
      }
      if (listing.images.length === 0) {
        process.stdout.write(`${app}: no images\n`);
        return;
      }
      process.stdout.write(
        formatTable(
          ["VERSION", "IMAGE", "STATE", "LIVE", "CREATED", "BASE IMAGE", "CONTENT HASH", "TEMPLATE", "INPUTS"],
          listing.images.map((i) => [
            i.version ?? "-",
            i.imageId,
            i.state,
            i.live ? "live" : "",
            i.createdAt?.replace(/\.\d+Z$/, "Z") ?? "-",
            i.baseImage ?? "-",
            short(i.contentHash),
            short(i.templateDigest),
            i.inputs ? describeInputs(i.inputs) : "-",
          ]),
        ),
      );
    });
}
