// Notifications: the run's result POSTed as JSON to the app's webhook and/or the global one. A
// notification that fails is a warning: the rebake's outcome does not depend on a chat server.

import type { EventSink, RebakeSummary, ResultEvent } from "../engine/events.js";

export interface WebhookPayload {
  kind: "roll.rebake";
  app: string;
  outcome: ResultEvent["outcome"];
  version?: string;
  live?: string;
  previous?: string;
  reason?: string;
  durationMs: number;
  baseImage?: RebakeSummary["baseImage"];
  packages?: { upgraded: number; added: number; removed: number; changes: RebakeSummary["packages"] };
}

/** Only what the result says: no variables, no environment, no credentials. */
export function webhookPayload(result: ResultEvent): WebhookPayload {
  const rebake = result.rebake;
  return {
    kind: "roll.rebake",
    app: result.app,
    outcome: result.outcome,
    version: result.version,
    live: result.live,
    previous: rebake?.previous,
    reason: result.reason,
    durationMs: result.durationMs,
    baseImage: rebake?.baseImage,
    packages: rebake
      ? { upgraded: rebake.packages.upgraded.length, added: rebake.packages.added.length, removed: rebake.packages.removed.length, changes: rebake.packages }
      : undefined,
  };
}

/** Where to say it: an address's credentials (user:pass@) never go into a message. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = parsed.search ? "?…" : "";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}

/** fetch refuses user:pass@ in a URL: they become a Basic Authorization header, as curl would send. */
function splitCredentials(url: string): { address: string; authorization?: string } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { address: url };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = "";
  parsed.password = "";
  return { address: parsed.toString(), authorization: `Basic ${Buffer.from(credentials).toString("base64")}` };
}

export async function notifyWebhooks(urls: (string | undefined)[], result: ResultEvent, emit: EventSink, timeoutMs = 10_000): Promise<void> {
  const targets = [...new Set(urls.filter((url): url is string => Boolean(url)))];
  const body = JSON.stringify(webhookPayload(result));
  for (const url of targets) {
    try {
      const { address, authorization } = splitCredentials(url);
      const response = await fetch(address, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "roll-rebake", ...(authorization ? { authorization } : {}) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect would re-post the body (and the credentials) to wherever the server points: a
        // moved webhook is the user's to update, not ours to follow.
        redirect: "manual",
      });
      if (response.status >= 300 && response.status < 400) {
        throw new Error(`HTTP ${response.status} redirect${response.headers.get("location") ? ` to ${safeUrl(new URL(response.headers.get("location")!, address).toString())}` : ""} not followed: update the webhook address`);
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      emit({ type: "log", level: "info", message: `notified ${safeUrl(url)}` });
    } catch (error) {
      emit({ type: "log", level: "warn", message: `could not notify ${safeUrl(url)}: ${(error as Error).message}` });
    }
  }
}
