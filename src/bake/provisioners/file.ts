// `file`: copy files or directories to the machine (or back with direction = "download").
// Packer's rules: a destination ending in "/" is a folder the source goes into; a source directory
// without a trailing slash is copied as itself, with one its contents are copied.

import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { throwIfAborted } from "../../engine/steps.js";
import type { Communicator } from "../communicator/types.js";
import type { FieldReader } from "../fields.js";
import { shellQuote } from "../shell-quote.js";
import { existingLocal, resolveLocal } from "./local-paths.js";
import type { ProvisionerKind, ProvisionerRunContext } from "./types.js";
import { RollError } from "../../engine/errors.js";

export type FileConfig =
  | { direction: "upload"; sources: string[]; destination: string }
  | { direction: "upload-content"; content: string; destination: string }
  | { direction: "download"; source: string; destination: string };

export const file: ProvisionerKind<FileConfig> = {
  needsSession: true,
  fields: ["source", "sources", "content", "destination", "direction", "generated"],

  parse(fields: FieldReader, templateRoot: string): FileConfig {
    const destination = fields.requiredString("destination");
    const direction = fields.oneOf("direction", ["upload", "download"] as const, "upload");
    const generated = fields.bool("generated");
    const source = fields.string("source");
    const sources = fields.stringList("sources");
    const content = fields.string("content");
    const given = [source !== undefined && "source", sources && "sources", content !== undefined && "content"].filter(Boolean);
    if (given.length > 1) throw fields.error(String(given[1]), `only one of "source", "sources" or "content" may be set, found ${given.join(" and ")}`);
    if (given.length === 0) throw fields.error(undefined, `one of "source", "sources" or "content" is required`);

    if (direction === "download") {
      if (source === undefined) throw fields.error(String(given[0]), `direction "download" takes a single "source" (a path on the machine)`);
      return { direction, source, destination: resolveLocal(templateRoot, destination) };
    }
    if (content !== undefined) {
      if (destination.endsWith("/")) throw fields.error("destination", `"content" needs a file path as "destination", got the folder ${destination}`);
      return { direction: "upload-content", content, destination };
    }
    const list = sources ?? [source!];
    const field = sources ? "sources" : "source";
    if (list.length === 0) throw fields.error(field, `"sources" is empty`);
    if (list.length > 1 && !destination.endsWith("/")) {
      throw fields.error("destination", `with several sources "destination" must be a folder ending in "/", got ${destination}`);
    }
    // Generated files appear during the build (e.g. written by shell-local), so they are checked then.
    const resolved = list.map((item) => (generated ? resolveLocal(templateRoot, item) : existingLocal(fields, field, templateRoot, item)));
    return { direction, sources: resolved, destination };
  },

  async run(config: FileConfig, ctx: ProvisionerRunContext): Promise<void> {
    const comm = await ctx.session!.get();
    if (config.direction === "upload-content") {
      ctx.emit({ type: "log", level: "info", message: `file: writing content to ${config.destination}` });
      await comm.upload(Buffer.from(config.content), config.destination);
    } else if (config.direction === "upload") {
      for (const source of config.sources) {
        throwIfAborted(ctx.signal);
        await uploadOne(comm, source, config.destination, ctx);
      }
    } else {
      await downloadOne(comm, config.source, config.destination, ctx);
    }
  },
};

async function remoteMkdir(comm: Communicator, dir: string, signal: AbortSignal): Promise<void> {
  const result = await comm.exec(`mkdir -p ${shellQuote(dir)}`, { signal });
  if (result.exitCode !== 0) throw new RollError("file-failed", `could not create ${dir} on the machine (exit ${result.exitCode})`, { fault: "external" });
}

async function uploadOne(comm: Communicator, source: string, destination: string, ctx: ProvisionerRunContext): Promise<void> {
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new RollError("file-failed", `${source} does not exist`, { fault: "user" });
  ctx.emit({ type: "log", level: "info", message: `file: uploading ${source} => ${destination}` });
  if (info.isDirectory()) {
    // scp -r needs the target folder to exist; creating it spares users a shell step.
    await remoteMkdir(comm, destination, ctx.signal);
    await comm.uploadDirectory(source, destination);
    return;
  }
  const target = destination.endsWith("/") ? `${destination}${path.basename(source)}` : destination;
  await comm.upload(source, target);
}

async function downloadOne(comm: Communicator, source: string, destination: string, ctx: ProvisionerRunContext): Promise<void> {
  ctx.emit({ type: "log", level: "info", message: `file: downloading ${source} => ${destination}` });
  if (source.endsWith("/")) {
    await comm.downloadDirectory(source, destination);
    return;
  }
  const target = destination.endsWith("/") ? path.join(destination, path.posix.basename(source)) : destination;
  await mkdir(path.dirname(target), { recursive: true });
  await comm.download(source, target);
}
