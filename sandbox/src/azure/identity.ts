// The sandbox's Entra ID (Azure AD) stand-in: one tenant, one subscription and one service principal
// per data folder (made once, kept in <dataDir>/azure/identity.json, mode 0600), and the access tokens it
// issues. Tokens are JWTs signed with a key only the sandbox holds (HS256): ARM accepts exactly the
// tokens it issued, unexpired, for one of its audiences.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface AzureIdentity {
  tenantId: string;
  subscriptionId: string;
  subscriptionName: string;
  clientId: string;
  clientSecret: string;
  /** The service principal's object id. */
  objectId: string;
  /** HMAC key the tokens are signed with (base64). */
  signingKey: string;
}

/** What ARM accepts as token audience: the two resource ids public ARM accepts too. */
export const ARM_AUDIENCES = ["https://management.core.windows.net/", "https://management.azure.com/"];

export const TOKEN_LIFETIME_S = 3599;

export function loadIdentity(dataDir: string): AzureIdentity {
  const dir = join(dataDir, "azure");
  const file = join(dir, "identity.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as AzureIdentity;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const identity: AzureIdentity = {
    tenantId: randomUUID(),
    subscriptionId: randomUUID(),
    subscriptionName: "roll sandbox",
    clientId: randomUUID(),
    // The shape of an Entra client secret: 40 characters with a "~" after a 3-character prefix.
    clientSecret: `${randomBytes(2).toString("hex").slice(0, 3)}8Q~${randomBytes(30).toString("base64url").slice(0, 34)}`,
    objectId: randomUUID(),
    signingKey: randomBytes(32).toString("base64"),
  };
  writeFileSync(file, JSON.stringify(identity, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return identity;
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function sign(identity: AzureIdentity, data: string): string {
  return createHmac("sha256", Buffer.from(identity.signingKey, "base64")).update(data).digest("base64url");
}

export function issuerOf(authority: string, tenantId: string): string {
  return `${authority}/${tenantId}/v2.0`;
}

export function issueToken(identity: AzureIdentity, authority: string, audience: string, nowS: number): string {
  const header = { typ: "JWT", alg: "HS256", kid: "roll-sandbox" };
  const claims = {
    aud: audience,
    iss: issuerOf(authority, identity.tenantId),
    iat: nowS,
    nbf: nowS,
    exp: nowS + TOKEN_LIFETIME_S,
    appid: identity.clientId,
    azp: identity.clientId,
    idtyp: "app",
    oid: identity.objectId,
    sub: identity.objectId,
    tid: identity.tenantId,
    ver: "2.0",
  };
  const body = `${b64url(header)}.${b64url(claims)}`;
  return `${body}.${sign(identity, body)}`;
}

export type TokenCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; code: string; message: string };

/**
 * The audiences ARM accepts: the two public resource ids, and the endpoint's own URL, the scope the
 * ARM SDK clients ask for by default (`${endpoint}/.default`), as public ARM's URL is also its audience.
 */
export function armAudiences(endpoint: string): string[] {
  return [...ARM_AUDIENCES, `${endpoint}/`];
}

/** Checks a bearer token: signed by this sandbox, not expired, for ARM. */
export function checkToken(identity: AzureIdentity, token: string, nowS: number, audiences: string[] = ARM_AUDIENCES): TokenCheck {
  const parts = token.split(".");
  const invalid = (message: string): TokenCheck => ({ ok: false, code: "InvalidAuthenticationToken", message });
  if (parts.length !== 3) return invalid("The access token is invalid.");
  const expected = Buffer.from(sign(identity, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return invalid("The access token is invalid: its signature was not issued by this cloud's identity provider.");
  }
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return invalid("The access token is invalid.");
  }
  if (typeof claims.exp !== "number" || claims.exp <= nowS) {
    return { ok: false, code: "ExpiredAuthenticationToken", message: "The access token expiry UTC time is earlier than current UTC time." };
  }
  const audience = String(claims.aud ?? "").replace(/\/?$/, "/");
  if (!audiences.includes(audience)) {
    return { ok: false, code: "InvalidAuthenticationTokenAudience", message: `The access token has been obtained for wrong audience or resource '${String(claims.aud)}'. It should exactly match with one of the allowed audiences '${audiences.join("', '")}'.` };
  }
  if (claims.tid !== identity.tenantId) return invalid("The access token is from the wrong issuer.");
  return { ok: true, claims };
}
