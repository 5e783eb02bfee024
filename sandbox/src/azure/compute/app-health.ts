// A scale set's health signal, really probed: the Application Health extension
// (Microsoft.ManagedServices / ApplicationHealthLinux, settings protocol http|https|tcp, port,
// requestPath, intervalInSeconds 5-60, numberOfProbes, gracePeriod) or a load balancer probe named by
// networkProfile.healthProbe. Each instance is probed on its own 127.x address. A 2xx answer is
// healthy unless its body carries the rich-health field ApplicationHealthState, which then decides;
// numberOfProbes consecutive results change the state; failures inside the grace period after the
// instance started leave it Initializing, as extension version 2 reports it.

import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { AzureFace } from "../context.js";
import { invalidParameter } from "../wire.js";

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

export interface HealthConfig {
  source: "extension" | "loadBalancerProbe";
  /** The extension's name in extensionProfile (shown in the instance view). */
  name: string;
  protocol: "http" | "https" | "tcp";
  port: number;
  requestPath: string;
  intervalSeconds: number;
  numberOfProbes: number;
  gracePeriodSeconds: number;
}

export type HealthState = "initializing" | "healthy" | "unhealthy" | "unknown";

export interface HealthRecord {
  state: HealthState;
  passes: number;
  fails: number;
  lastProbe: number;
  /** The runtime instance this record probes (a reimage starts a fresh record). */
  instanceId: string;
  runningSince: number;
}

export const APP_HEALTH_PUBLISHER = "Microsoft.ManagedServices";

function isHealthExtension(extension: Json): boolean {
  const p = obj(extension.properties);
  return String(p.publisher ?? "").toLowerCase() === APP_HEALTH_PUBLISHER.toLowerCase() && /^applicationhealth(linux|windows)$/i.test(String(p.type ?? ""));
}

function integer(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw invalidParameter(`The value ${JSON.stringify(value)} of the Application Health extension setting '${field}' must be an integer between ${min} and ${max}.`, `extensionProfile.extensions.settings.${field}`);
  }
  return n;
}

/** Reads (and validates) the health signal of a virtualMachineProfile; undefined when it has none. */
export function healthConfigOf(face: AzureFace, profile: Json): HealthConfig | undefined {
  const extensions = (Array.isArray(obj(profile.extensionProfile).extensions) ? obj(profile.extensionProfile).extensions : []) as Json[];
  const extension = extensions.find(isHealthExtension);
  if (extension) {
    const settings = obj(obj(extension.properties).settings);
    const protocol = String(settings.protocol ?? "").toLowerCase();
    if (!["http", "https", "tcp"].includes(protocol)) {
      throw invalidParameter(`The Application Health extension setting 'protocol' must be http, https or tcp, not '${String(settings.protocol)}'.`, "extensionProfile.extensions.settings.protocol");
    }
    const port = integer(settings.port, "port", 1, 65535, protocol === "https" ? 443 : 80);
    const intervalSeconds = integer(settings.intervalInSeconds, "intervalInSeconds", 5, 60, 5);
    const numberOfProbes = integer(settings.numberOfProbes, "numberOfProbes", 1, 24, 1);
    const requestPath = protocol === "tcp" ? "" : String(settings.requestPath ?? "/");
    if (protocol !== "tcp" && !requestPath.startsWith("/")) {
      throw invalidParameter(`The Application Health extension setting 'requestPath' must start with '/', not '${requestPath}'.`, "extensionProfile.extensions.settings.requestPath");
    }
    const gracePeriodSeconds = integer(settings.gracePeriod, "gracePeriod", 0, 14400, intervalSeconds * numberOfProbes);
    return { source: "extension", name: String(extension.name ?? "HealthExtension"), protocol: protocol as HealthConfig["protocol"], port, requestPath, intervalSeconds, numberOfProbes, gracePeriodSeconds };
  }
  const probeId = obj(obj(profile.networkProfile).healthProbe).id;
  if (typeof probeId !== "string") return undefined;
  const lbId = probeId.replace(/\/probes\/[^/]+$/i, "");
  const probeName = probeId.slice(probeId.lastIndexOf("/") + 1).toLowerCase();
  const lb = face.resource(lbId);
  const probe = ((lb?.properties.probes as Json[] | undefined) ?? []).find((p) => String(p.name).toLowerCase() === probeName);
  if (!lb || !probe) throw invalidParameter(`The health probe ${probeId} does not exist.`, "networkProfile.healthProbe.id");
  const p = obj(probe.properties);
  const intervalSeconds = Number(p.intervalInSeconds ?? 15);
  const numberOfProbes = Number(p.numberOfProbes ?? p.probeThreshold ?? 1);
  return {
    source: "loadBalancerProbe",
    name: String(probe.name),
    protocol: String(p.protocol).toLowerCase() as HealthConfig["protocol"],
    port: Number(p.port),
    requestPath: String(p.requestPath ?? "/"),
    intervalSeconds,
    numberOfProbes,
    gracePeriodSeconds: intervalSeconds * numberOfProbes,
  };
}

/** The floor of a probe's timeout: scaled-down test timing would otherwise time out on a busy machine. */
const MIN_TIMEOUT_MS = 500;

/** One probe; resolves true for healthy. */
export function probeOnce(ip: string, config: HealthConfig, timeoutMs: number): Promise<boolean> {
  const timeout = Math.max(MIN_TIMEOUT_MS, timeoutMs);
  if (config.protocol === "tcp") {
    return new Promise((resolve) => {
      const socket = connect({ host: ip, port: config.port, timeout });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", () => resolve(false));
    });
  }
  const request = config.protocol === "https" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (healthy: boolean) => {
      if (settled) return;
      settled = true;
      resolve(healthy);
    };
    const req = request(
      { host: ip, port: config.port, path: config.requestPath, method: "GET", timeout, rejectUnauthorized: false, headers: { connection: "close", "user-agent": "ApplicationHealthExtension/2.0" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (body.length < 65536) body += chunk;
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) return done(false);
          try {
            const parsed = JSON.parse(body) as Json;
            if (parsed && typeof parsed === "object" && "ApplicationHealthState" in parsed) return done(String(parsed.ApplicationHealthState).toLowerCase() === "healthy");
          } catch {
            // Not rich health: the status code decides.
          }
          done(true);
        });
        res.on("error", () => done(false));
      },
    );
    req.on("timeout", () => {
      done(false);
      req.destroy();
    });
    req.on("error", () => done(false));
    req.end();
  });
}

/** Folds one probe result into a record. */
export function applyProbe(record: HealthRecord, config: HealthConfig, healthy: boolean, now: number, apiSecondMs: number): boolean {
  const before = record.state;
  if (healthy) {
    record.fails = 0;
    record.passes++;
    if (record.passes >= config.numberOfProbes) record.state = "healthy";
  } else {
    record.passes = 0;
    record.fails++;
    const inGrace = now - record.runningSince < config.gracePeriodSeconds * apiSecondMs;
    if (record.fails >= config.numberOfProbes && !(inGrace && record.state === "initializing")) record.state = "unhealthy";
  }
  return before !== record.state;
}

const HEALTH_DISPLAY: Record<HealthState, string> = {
  initializing: "The VM health is initializing",
  healthy: "The VM is reporting healthy",
  unhealthy: "The VM is reporting unhealthy",
  unknown: "The VM health is unknown",
};

/** The instance view's vmHealth. */
export function vmHealthView(state: HealthState): Json {
  return { status: { code: `HealthState/${state}`, level: state === "unhealthy" ? "Warning" : "Info", displayStatus: HEALTH_DISPLAY[state] } };
}
