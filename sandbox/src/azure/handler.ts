// The Azure face's HTTPS endpoint: identity (login.ts), cloud discovery (/metadata/endpoints), and ARM
// under /subscriptions, /tenants and /providers, where every request needs a bearer token this sandbox
// issued and an api-version. Faults in force act before a request does anything.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { AzureFace, RequestContext } from "./context.js";
import { handleGroupProvider, listResources, listSubscriptionType } from "./resources.js";
import { handleGroups, KNOWN_LOCATIONS } from "./groups.js";
import { armAudiences, checkToken } from "./identity.js";
import { handleLogin } from "./login.js";
import { metadataEndpoints } from "./metadata.js";
import { operationResult, operationStatus } from "./operations.js";
import { handleLocationPath } from "./locations.js";
import { allTypes } from "./resource-types.js";
import { armFaults, UNTHROTTLED_RATE_HEADERS } from "./faults.js";
import { apiVersionOf, ArmError, errorResponse, isArmError, parseJsonBody, readBody, requestIds, sendArm, type ArmResponse } from "./wire.js";

function unauthorized(face: AzureFace, code: string, message: string): ArmError {
  const authority = `${face.endpoint}/${face.identity.tenantId}`;
  return new ArmError(code, message, 401, {
    "www-authenticate": `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
  });
}

function authenticate(face: AzureFace, req: IncomingMessage): void {
  const header = req.headers.authorization;
  if (!header) throw unauthorized(face, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized(face, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.");
  const check = checkToken(face.identity, match[1]!, Math.floor(face.now() / 1000), armAudiences(face.endpoint));
  if (!check.ok) throw unauthorized(face, check.code, check.message);
}

function subscriptionView(face: AzureFace): Record<string, unknown> {
  return {
    id: `/subscriptions/${face.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: face.subscriptionId,
    tenantId: face.identity.tenantId,
    displayName: face.identity.subscriptionName,
    state: "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

function tenantView(face: AzureFace): Record<string, unknown> {
  return {
    id: `/tenants/${face.identity.tenantId}`,
    tenantId: face.identity.tenantId,
    countryCode: "US",
    displayName: "roll sandbox",
    domains: ["rollsandbox.onmicrosoft.com"],
    tenantCategory: "Home",
    defaultDomain: "rollsandbox.onmicrosoft.com",
    tenantType: "AAD",
  };
}

function providerView(face: AzureFace, namespace: string): Record<string, unknown> {
  const types = allTypes().filter((t) => t.type.toLowerCase().startsWith(`${namespace.toLowerCase()}/`));
  return {
    id: `/subscriptions/${face.subscriptionId}/providers/${types[0]?.type.split("/")[0] ?? namespace}`,
    namespace: types[0]?.type.split("/")[0] ?? namespace,
    registrationState: "Registered",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: types.map((t) => ({ resourceType: t.type.split("/").slice(1).join("/"), locations: KNOWN_LOCATIONS, apiVersions: ["2024-07-01", "2023-09-01", "2023-07-03", "2023-03-01", "2022-11-01", "2022-08-01"] })),
  };
}

async function route(ctx: RequestContext, parts: string[]): Promise<ArmResponse> {
  const { face, method } = ctx;
  if (parts[0] === "tenants" && parts.length === 1 && method === "GET") return { status: 200, body: { value: [tenantView(face)] } };
  if (parts[0] !== "subscriptions") throw new ArmError("InvalidRequestUri", `The request URI '${ctx.url.pathname}' is not valid.`, 404);
  if (parts.length === 1 && method === "GET") return { status: 200, body: { value: [subscriptionView(face)], count: { type: "Total", value: 1 } } };
  const subscription = parts[1]!;
  if (subscription.toLowerCase() !== face.subscriptionId) {
    throw new ArmError("SubscriptionNotFound", `The subscription '${subscription}' could not be found.`, 404);
  }
  const rest = parts.slice(2);
  const head = rest[0]?.toLowerCase();
  if (rest.length === 0 && method === "GET") return { status: 200, body: subscriptionView(face) };
  if (head === "resourcegroups") {
    if (rest.length >= 3 && rest[2]!.toLowerCase() === "providers") return handleGroupProvider(ctx, decodeURIComponent(rest[1]!), rest.slice(3).map(decodeURIComponent));
    return handleGroups(ctx, rest.slice(1));
  }
  if (head === "resources" && rest.length === 1 && method === "GET") return listResources(face, undefined, ctx.url.searchParams.get("$filter"));
  if (head === "locations" && rest.length === 1 && method === "GET") {
    return { status: 200, body: { value: KNOWN_LOCATIONS.map((name) => ({ id: `/subscriptions/${face.subscriptionId}/locations/${name}`, name, displayName: name, regionalDisplayName: name, metadata: { regionType: "Physical" } })) } };
  }
  if (head === "operationresults" && rest.length === 2 && method === "GET") return operationResult(face, rest[1]!, ctx.url);
  if (head === "providers") {
    if (rest.length === 1 && method === "GET") {
      const namespaces = [...new Set(allTypes().map((t) => t.type.split("/")[0]!))];
      return { status: 200, body: { value: namespaces.map((ns) => providerView(face, ns)) } };
    }
    const namespace = rest[1]!;
    if (rest.length === 2 && method === "GET") return { status: 200, body: providerView(face, namespace) };
    if (rest.length === 3 && rest[2]!.toLowerCase() === "register" && method === "POST") return { status: 200, body: providerView(face, namespace) };
    if (rest[2]?.toLowerCase() === "locations" && rest.length >= 5) {
      const location = rest[3]!;
      const kind = rest[4]!.toLowerCase();
      if (rest.length === 6 && method === "GET" && kind === "operations") return operationStatus(face, rest[5]!);
      if (rest.length === 6 && method === "GET" && kind === "operationresults") return operationResult(face, rest[5]!, ctx.url);
      return handleLocationPath(ctx, namespace, location, rest.slice(4).map(decodeURIComponent));
    }
    if (rest.length === 3 && method === "GET") {
      const listed = listSubscriptionType(ctx, namespace, rest[2]!);
      if (listed) return listed;
    }
  }
  throw new ArmError("InvalidResourceType", `The resource type could not be found for the request '${method} ${ctx.url.pathname}'.`, 400);
}

export function createAzureHandler(face: AzureFace) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const ids = requestIds(req);
    const target = req.url ?? "/";
    const url = new URL(`https://sandbox${target.startsWith("/") ? target : `/${target}`}`);
    const method = (req.method ?? "GET").toUpperCase();
    let response: ArmResponse;
    let rateHeaders: Record<string, string> = UNTHROTTLED_RATE_HEADERS;
    try {
      const parts = url.pathname.split("/").filter((p) => p !== "");
      if (parts[0]?.toLowerCase() === "metadata" && parts[1]?.toLowerCase() === "endpoints" && method === "GET") {
        response = metadataEndpoints(face, url.searchParams.get("api-version"));
      } else {
        const login = parts[0] === "subscriptions" || parts[0] === "tenants" || parts[0] === "providers" ? undefined : await handleLogin(face, req, url);
        if (login) response = login;
        else {
          authenticate(face, req);
          const apiVersion = apiVersionOf(url);
          const body = method === "PUT" || method === "PATCH" || method === "POST" ? parseJsonBody(await readBody(req)) : {};
          const ctx: RequestContext = { face, method, url, apiVersion, body };
          rateHeaders = await armFaults(face, ctx, parts);
          response = await route(ctx, parts);
        }
      }
    } catch (error) {
      if (!isArmError(error)) face.cloud.log(`azure internal error ${ids.requestId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      response = errorResponse(isArmError(error) ? error : new ArmError("InternalServerError", "Encountered internal server error. Diagnostic information: timestamp, correlation id and request id are in the response headers.", 500));
    }
    if (res.headersSent) return void res.destroy();
    sendArm(res, ids, response, rateHeaders);
  };
}
