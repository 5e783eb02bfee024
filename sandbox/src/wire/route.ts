// Which service a request is for and which region it addresses. The `Version` form field decides
// the query-protocol service; without it, the service named in the SigV4 credential scope does. S3
// (REST, not query) is recognised by its scope or, unsigned, by a method/path no query call uses.
// The region comes from the scope (a client copying an image signs for the destination region).
// Signatures are not checked.

import { AUTOSCALING_VERSION, CLOUDWATCH_VERSION, EC2_VERSION, ELBV2_VERSION } from "./envelope.js";

export type QueryService = "ec2" | "autoscaling" | "elbv2" | "monitoring";
export type Service = QueryService;

export interface Route {
  service: QueryService | undefined;
  region: string | undefined;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

const BY_VERSION: Record<string, QueryService> = {
  [EC2_VERSION]: "ec2",
  [AUTOSCALING_VERSION]: "autoscaling",
  [ELBV2_VERSION]: "elbv2",
  [CLOUDWATCH_VERSION]: "monitoring",
};

/** The signing names clients put in the credential scope. */
const BY_SCOPE: Record<string, QueryService> = {
  ec2: "ec2",
  autoscaling: "autoscaling",
  elasticloadbalancing: "elbv2",
  monitoring: "monitoring",
};

export function signingScope(authorization: string | undefined, credentialParam?: string): { region?: string; service?: string } {
  const scope = SCOPE.exec(authorization ?? "") ?? (credentialParam ? SCOPE.exec(`Credential=${credentialParam}`) : null);
  return { region: scope?.[1], service: scope?.[2] };
}

export function routeRequest(version: string | undefined, authorization: string | undefined, credentialParam?: string): Route {
  const scope = signingScope(authorization, credentialParam);
  const service = (version !== undefined ? BY_VERSION[version] : undefined) ?? (scope.service !== undefined ? BY_SCOPE[scope.service] : undefined);
  return { service, region: scope.region };
}

/**
 * True when the request is for S3: signed for `s3`, or unsigned (or signed for nothing we know)
 * and not shaped like a query call (query calls are `POST /` or `GET /?Action=…`).
 */
export function isS3Request(method: string | undefined, url: URL, authorization: string | undefined): boolean {
  const scope = signingScope(authorization, url.searchParams.get("X-Amz-Credential") ?? undefined);
  if (scope.service === "s3") return true;
  if (scope.service !== undefined && BY_SCOPE[scope.service]) return false;
  if (url.searchParams.has("Action")) return false;
  return !(method === "POST" && url.pathname === "/");
}

export function isRegionName(value: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
}
