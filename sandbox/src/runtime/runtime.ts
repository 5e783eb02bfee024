// The instance runtime: boots, stops, snapshots and destroys confined local instances.

import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { ensureBaseLayer } from "./base-layer.js";
import { BootQueue, defaultBootConcurrency } from "./boot-queue.js";
import { bootCommand } from "./confine.js";
import { ConsoleBuffer } from "./console-buffer.js";
import { hostKeyConsoleBlock, loadOrCreateHostKey } from "./host-key.js";
import { startInit } from "./init-process.js";
import { Instance } from "./instance.js";
import { killLeftovers, recordPids } from "./leftovers.js";
import { instancePaths } from "./paths.js";
import { parseAuthorizedKeys } from "./authorized-keys.js";
import { runCommand } from "./run-command.js";
import { startSshEndpoint } from "./ssh-server.js";
import type { InstanceRuntime, LaunchSpec, RunningInstance } from "./types.js";
import { validateSpec } from "./validate.js";

export interface RuntimeOptions {
  dataDir: string;
  log?: (line: string) => void;
  /** How many instances may boot at once (default: four per CPU). */
  bootConcurrency?: number;
}

export function createRuntime(options: RuntimeOptions): InstanceRuntime {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const killed = killLeftovers(dataDir);
  if (killed > 0) log(`ended ${killed} leftover instance process(es) of a previous run`);

  const running = new Map<string, Instance>();
  const booting = new Set<string>();
  const baseLayers = new Map<string, Promise<string>>();
  const bootQueue = new BootQueue(options.bootConcurrency ?? defaultBootConcurrency());

  async function boot(spec: LaunchSpec): Promise<RunningInstance> {
    validateSpec(spec, dataDir);
    if (running.get(spec.instanceId)?.running || booting.has(spec.instanceId)) {
      throw new Error(`instance ${spec.instanceId} is already running`);
    }
    booting.add(spec.instanceId);
    try {
      return await bootQueue.run(() => bootInstance(spec));
    } finally {
      booting.delete(spec.instanceId);
    }
  }

  async function bootInstance(spec: LaunchSpec): Promise<Instance> {
    const started = Date.now();
    const paths = instancePaths(dataDir, spec.instanceId);
    for (const dir of [paths.upperRoot, paths.upperUsr, paths.workRoot, paths.workUsr, paths.rootfs]) {
      await mkdir(dir, { recursive: true });
    }
    const hostKey = await loadOrCreateHostKey(paths.hostKey, spec.hostname);
    const consoleBuffer = new ConsoleBuffer();
    const { child, initPid } = await startInit(
      bootCommand({
        instanceId: spec.instanceId,
        ip: spec.ip,
        hostname: spec.hostname,
        rootfs: paths.rootfs,
        rootLowers: spec.layers.map((layer) => path.join(layer, "root")),
        // Layers without a usr/ folder change nothing under /usr; the host's /usr is always the bottom.
        usrLowers: [...spec.layers.map((layer) => path.join(layer, "usr")).filter((dir) => existsSync(dir)), "/usr"],
        upperRoot: paths.upperRoot,
        upperUsr: paths.upperUsr,
        workRoot: paths.workRoot,
        workUsr: paths.workUsr,
        userData: spec.userData ?? "",
        hostKeyBlock: hostKeyConsoleBlock(hostKey, spec.hostname),
        adminUser: spec.adminUser ?? "",
        adminKeys: spec.adminUser ? spec.authorizedKeys.join("\n") : "",
      }),
      consoleBuffer,
    );
    recordPids(paths.pidsFile, [initPid, child.pid!]);
    const instance = new Instance({
      instanceId: spec.instanceId,
      ip: spec.ip,
      rootfs: paths.rootfs,
      pidsFile: paths.pidsFile,
      console: consoleBuffer,
      init: child,
      initPid,
      hostKeyFingerprints: [hostKey.fingerprint],
      log,
    });
    running.set(spec.instanceId, instance);
    try {
      instance.attachSsh(
        await startSshEndpoint({
          ip: spec.ip,
          preferredPort: spec.sshPort,
          hostPrivateKey: hostKey.privateKey,
          authorizedKeys: parseAuthorizedKeys(spec.authorizedKeys, log),
          instanceEnv: { INSTANCE_ID: spec.instanceId, LOCAL_IPV4: spec.ip },
          spawnInside: (env, argv) => instance.spawnInside(env, argv),
          log,
          refuseForMs: spec.sshRefuseMs,
        }),
      );
    } catch (err) {
      await instance.stop();
      throw new Error(`instance ${spec.instanceId}: cannot serve SSH on ${spec.ip}: ${(err as Error).message}`);
    }
    log(`instance ${spec.instanceId} running at ${spec.ip}, ssh port ${instance.sshPort}, booted in ${Date.now() - started} ms`);
    return instance;
  }

  async function snapshot(instanceId: string, layerDir: string): Promise<void> {
    const paths = instancePaths(dataDir, instanceId);
    if (!existsSync(paths.upperRoot)) throw new Error(`instance ${instanceId} has no writable layer to snapshot`);
    const target = path.resolve(layerDir);
    if (existsSync(target) && (await readdir(target)).length > 0) {
      throw new Error(`layer directory ${target} is not empty`);
    }
    await mkdir(target, { recursive: true });
    // cp -a as root keeps owners, modes, links, xattrs and the overlay's whiteouts (0/0 character
    // devices) and opaque-directory markers, so the copy works as a lower layer.
    for (const part of ["root", "usr"]) {
      await runCommand("cp", ["-a", "--", path.join(paths.layer, part), path.join(target, part)]);
    }
  }

  async function destroy(instanceId: string): Promise<void> {
    const instance = running.get(instanceId);
    if (instance) await instance.stop();
    running.delete(instanceId);
    await rm(instancePaths(dataDir, instanceId).dir, { recursive: true, force: true });
  }

  async function shutdown(): Promise<void> {
    await Promise.all([...running.values()].map((instance) => instance.stop()));
    running.clear();
  }

  return {
    baseLayer(name: string): Promise<string> {
      let layer = baseLayers.get(name);
      if (!layer) {
        layer = ensureBaseLayer(dataDir, name);
        baseLayers.set(name, layer);
        layer.catch(() => baseLayers.delete(name));
      }
      return layer;
    },
    boot,
    snapshot,
    destroy,
    shutdown,
  };
}
