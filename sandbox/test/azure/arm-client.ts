// A plain ARM client for tests that drive the sandbox's Azure face from the test process: a client
// credentials token from the sandbox's authority, then JSON requests over HTTPS trusting its CA.
// (The SDKs read the CA only at process start, so they run in child processes; this does not need to.)

import { readFileSync } from "node:fs";
import { request } from "node:https";
import { envFromExports } from "./azure-helpers.js";

export interface ArmAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface ArmClient {
  subscription: string;
  env: Record<string, string>;
  call(method: string, path: string, body?: unknown, apiVersion?: string): Promise<ArmAnswer>;
  /** Resource-group scoped path: /subscriptions/{s}/resourceGroups/{group}/providers/{rest}. */
  path(group: string, rest: string): string;
}

function send(ca: Buffer, url: URL, method: string, headers: Record<string, string>, payload?: string): Promise<ArmAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers: { ...headers, ...(payload ? { "content-length": String(Buffer.byteLength(payload)) } : {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

export async function armClient(exports: string): Promise<ArmClient> {
  const env = envFromExports(exports);
  const ca = readFileSync(env.NODE_EXTRA_CA_CERTS!);
  const endpoint = env.AZURE_RESOURCE_MANAGER_ENDPOINT!;
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: env.AZURE_CLIENT_ID!, client_secret: env.AZURE_CLIENT_SECRET!, scope: `${endpoint}/.default` }).toString();
  const token = await send(ca, new URL(`${env.AZURE_AUTHORITY_HOST}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`), "POST", { "content-type": "application/x-www-form-urlencoded" }, form);
  if (token.status !== 200) throw new Error(`token request failed: ${token.status} ${JSON.stringify(token.body)}`);
  const bearer = `Bearer ${token.body.access_token as string}`;
  const subscription = env.AZURE_SUBSCRIPTION_ID!;
  return {
    subscription,
    env,
    call(method, path, body, apiVersion = "2024-07-01") {
      const url = new URL(path.startsWith("https://") ? path : `${endpoint}${path}`);
      if (!url.searchParams.has("api-version")) url.searchParams.set("api-version", apiVersion);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return send(ca, url, method, { authorization: bearer, ...(payload ? { "content-type": "application/json" } : {}) }, payload);
    },
    path: (group, rest) => `/subscriptions/${subscription}/resourceGroups/${group}/providers/${rest}`,
  };
}
