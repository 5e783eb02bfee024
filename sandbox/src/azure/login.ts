// The Entra ID endpoints MSAL (Python and Node) and @azure/identity use with a client secret:
// tenant discovery (.well-known/openid-configuration, v2 and v1), instance discovery, the signing keys
// document, and the token endpoint (client_credentials grant, v2 `scope` or v1 `resource`).
// Errors have Entra's shape: {"error", "error_description": "AADSTSnnn: …", "error_codes", …}.

import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import { timingSafeEqual } from "node:crypto";
import type { AzureFace } from "./context.js";
import { ARM_AUDIENCES, armAudiences, issueToken, issuerOf, TOKEN_LIFETIME_S } from "./identity.js";
import { readBody, type ArmResponse } from "./wire.js";

function aadError(status: number, error: string, code: number, description: string): ArmResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z"),
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

function openIdConfiguration(face: AzureFace, tenant: string, v2: boolean): ArmResponse {
  const base = `${face.endpoint}/${tenant}`;
  const suffix = v2 ? "/v2.0" : "";
  const adfs = tenant.toLowerCase() === "adfs";
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2${suffix}/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${face.endpoint}/${tenant}/discovery${suffix}/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: adfs ? `${face.endpoint}/adfs` : v2 ? issuerOf(face.endpoint, face.identity.tenantId) : `${face.endpoint}/${face.identity.tenantId}/`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${face.endpoint}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2${suffix}/authorize`,
      device_authorization_endpoint: `${base}/oauth2${suffix}/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2${suffix}/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "ver", "oid"],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: "NA",
      cloud_instance_name: new URL(face.endpoint).host,
      cloud_graph_host_name: new URL(face.endpoint).host,
      msgraph_host: new URL(face.endpoint).host,
      rbac_url: face.endpoint,
    },
  };
}

/**
 * The tenant paths the sandbox answers: its tenant id, and "adfs", the single-tenant authority of
 * private Azure clouds (Azure Stack Hub). The Azure CLI's MSAL validates any non-Microsoft authority
 * through Microsoft's public instance-discovery service unless the authority is ADFS, so the cloud's
 * metadata names `{endpoint}/adfs` as its login endpoint and az works offline; the SDKs use the tenant id.
 */
function ownTenant(face: AzureFace, tenant: string): boolean {
  return tenant.toLowerCase() === face.identity.tenantId || tenant.toLowerCase() === "adfs";
}

function knownTenant(face: AzureFace, tenant: string): boolean {
  return ownTenant(face, tenant) || ["common", "organizations"].includes(tenant.toLowerCase());
}

function secretMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function token(face: AzureFace, req: IncomingMessage, tenant: string, v2: boolean): Promise<ArmResponse> {
  const form = new URLSearchParams(await readBody(req, 64 * 1024));
  // A client may authenticate with HTTP Basic (client_secret_basic) instead of the form.
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
    if (id && !form.has("client_id")) form.set("client_id", decodeURIComponent(id));
    if (secret && !form.has("client_secret")) form.set("client_secret", decodeURIComponent(secret));
  }
  if (!ownTenant(face, tenant)) {
    return aadError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") {
    return aadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant ?? ""}'. This cloud's identity provider issues tokens for client credentials only.`);
  }
  const clientId = form.get("client_id") ?? "";
  if (clientId.toLowerCase() !== face.identity.clientId) {
    return aadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
  }
  const secret = form.get("client_secret");
  if (secret === null) {
    return aadError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (!secretMatches(secret, face.identity.clientSecret)) {
    return aadError(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  // MSAL sends a v2 `scope` to ADFS's oauth2/token too; v1 clients send `resource`.
  const scoped = v2 || form.has("scope");
  const requested = scoped ? (form.get("scope") ?? "").split(" ").filter((s) => s.endsWith("/.default")).map((s) => s.slice(0, -"/.default".length)) : [form.get("resource") ?? ""];
  const audience = requested.find((r) => armAudiences(face.endpoint).includes(r.replace(/\/?$/, "/")));
  if (!audience) {
    return aadError(400, "invalid_resource", 500011, `The resource principal named ${requested.join(" ") || "(none)"} was not found in the tenant named ${tenant}. This cloud issues tokens for Azure Resource Manager only (scope ${ARM_AUDIENCES[0]}.default).`);
  }
  const nowS = Math.floor(face.now() / 1000);
  const accessToken = issueToken(face.identity, face.endpoint, audience, nowS);
  return {
    status: 200,
    body: scoped
      ? { token_type: "Bearer", expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S, access_token: accessToken }
      : { token_type: "Bearer", expires_in: String(TOKEN_LIFETIME_S), ext_expires_in: String(TOKEN_LIFETIME_S), expires_on: String(nowS + TOKEN_LIFETIME_S), not_before: String(nowS), resource: audience, access_token: accessToken },
    headers: { "cache-control": "no-store, no-cache", pragma: "no-cache" },
  };
}

/** Answers the identity paths; undefined when the path is not one of them. */
export async function handleLogin(face: AzureFace, req: IncomingMessage, url: URL): Promise<ArmResponse | undefined> {
  const parts = url.pathname.split("/").filter((p) => p !== "");
  const method = req.method ?? "GET";
  if (parts[0] === "common" && parts[1] === "discovery" && parts[2] === "instance" && method === "GET") {
    const host = new URL(face.endpoint).host;
    return {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${face.endpoint}/${face.identity.tenantId}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }
  const tenant = parts[0];
  if (!tenant || tenant === "subscriptions" || tenant === "providers" || tenant === "metadata" || tenant === "tenants") return undefined;
  const rest = parts.slice(1).join("/");
  if (method === "GET" && (rest === "v2.0/.well-known/openid-configuration" || rest === ".well-known/openid-configuration")) {
    if (!knownTenant(face, tenant)) return aadError(400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
    return openIdConfiguration(face, tenant, rest.startsWith("v2.0"));
  }
  if (method === "GET" && (rest === "discovery/v2.0/keys" || rest === "discovery/keys")) return { status: 200, body: { keys: [] } };
  if (method === "POST" && (rest === "oauth2/v2.0/token" || rest === "oauth2/token")) return token(face, req, tenant, rest === "oauth2/v2.0/token");
  return undefined;
}
