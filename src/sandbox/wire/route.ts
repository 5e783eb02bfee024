// Which service a request is for and which region it addresses. The `Version` form field decides
// the service; without it, the service named in the SigV4 credential scope does. The region comes
// from the scope (a client copying an image signs for the destination region). Signatures are not checked.

import { AUTOSCALING_VERSION, EC2_VERSION } from "./envelope.js";

export type Service = "ec2" | "autoscaling";

export interface Route {
  service: Service | undefined;
  region: string | undefined;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function routeRequest(version: string | undefined, authorization: string | undefined, credentialParam?: string): Route {
  const scope = SCOPE.exec(authorization ?? "") ?? (credentialParam ? SCOPE.exec(`Credential=${credentialParam}`) : null);
  const region = scope?.[1];
  const scopeService = scope?.[2];
  let service: Service | undefined;
  if (version === EC2_VERSION) service = "ec2";
  else if (version === AUTOSCALING_VERSION) service = "autoscaling";
  else if (scopeService === "ec2") service = "ec2";
  else if (scopeService === "autoscaling") service = "autoscaling";
  return { service, region };
}

export function isRegionName(value: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
}
