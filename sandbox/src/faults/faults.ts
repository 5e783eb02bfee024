// The faults in force for one running sandbox: what the API hook asks before each request (latency,
// throttling, injected errors) and what the cloud model asks about instances (boot failures, later
// status-check failures, SSH refused after boot). Settings change at runtime through the admin API.

import { ApiError } from "../wire/errors.js";
import type { FormParams } from "../wire/form.js";
import { makeDice, type Dice } from "./dice.js";
import { Throttler } from "./throttle.js";
import { forAction, noFaults, type FaultSettings } from "./types.js";

export interface IncomingRequest {
  /** "ec2", "autoscaling", or another service the sandbox answers. */
  service: string;
  action: string;
  region: string;
  /** Instances the request launches (RunInstances' MaxCount); 1 otherwise. */
  resourceCount: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function copy(settings: FaultSettings): FaultSettings {
  return JSON.parse(JSON.stringify(settings)) as FaultSettings;
}

export class Faults {
  private settings: FaultSettings = noFaults();
  private dice: Dice = Math.random;
  private readonly throttler: Throttler;

  constructor(initial: Partial<FaultSettings> = {}, now: () => number = Date.now) {
    this.throttler = new Throttler(now);
    this.replace(initial);
  }

  current(): FaultSettings {
    return copy(this.settings);
  }

  /** PUT: exactly these settings, the rest back to none. */
  replace(patch: Partial<FaultSettings>): FaultSettings {
    return this.apply({ ...noFaults(), ...patch });
  }

  /** PATCH: these settings changed, the rest kept. */
  update(patch: Partial<FaultSettings>): FaultSettings {
    return this.apply({ ...this.settings, ...patch });
  }

  private apply(next: FaultSettings): FaultSettings {
    if (next.throttle !== this.settings.throttle) this.throttler.reset();
    if (next.seed !== this.settings.seed || this.dice === Math.random) this.dice = makeDice(next.seed);
    this.settings = copy(next);
    return this.current();
  }

  /** The API hook: runs before a decoded request is handled. */
  beforeAction(service: string, action: string, region: string, params: FormParams): Promise<void> {
    const resourceCount = action === "RunInstances" ? Math.max(1, params.int("MaxCount") ?? 1) : 1;
    return this.beforeRequest({ service, action, region, resourceCount });
  }

  /** Throws the error the request gets instead of an answer (after the latency in force). */
  async beforeRequest(request: IncomingRequest): Promise<void> {
    const latency = forAction(this.settings.latencyMs, request.action);
    if (latency > 0) await sleep(latency);
    if (this.settings.throttle === "aws" && (request.service === "ec2" || request.service === "autoscaling")) {
      this.throttler.admit({ service: request.service, action: request.action, region: request.region, resourceCount: request.resourceCount });
    }
    const rate = forAction(this.settings.errorRate, request.action);
    if (rate > 0 && this.dice() < rate) throw injectedError(request.service, this.settings.errorKind);
  }

  /** Whether the instance being launched now fails to boot. */
  bootFails(): boolean {
    return this.settings.bootFailureRate > 0 && this.dice() < this.settings.bootFailureRate;
  }

  /** When an instance that just started running fails its status checks, if it is one that will. */
  impairmentTime(runningSince: number): number | undefined {
    const unhealthy = this.settings.unhealthyAfter;
    if (!unhealthy || unhealthy.rate <= 0 || this.dice() >= unhealthy.rate) return undefined;
    return runningSince + unhealthy.afterMs;
  }

  get sshRefuseMs(): number {
    return this.settings.sshRefuseMs;
  }
}

function injectedError(service: string, kind: FaultSettings["errorKind"]): ApiError {
  if (kind === "unavailable") {
    return new ApiError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503);
  }
  return service === "ec2"
    ? new ApiError("InternalError", "An internal error has occurred", 500)
    : new ApiError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
}
