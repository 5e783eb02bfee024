// Response envelopes of the two query protocols: EC2's (no Result wrapper, `<item>` lists, errors in
// `<Response><Errors>`) and awsQuery's (Auto Scaling: `<XResult>` + ResponseMetadata, `<member>` lists,
// errors in `<ErrorResponse>`). ELBv2 and CloudWatch speak awsQuery too, each with its own namespace.

import type { ApiError } from "./errors.js";
import { escapeXml, renderXml, type XmlValue } from "./xml.js";

export const EC2_VERSION = "2016-11-15";
export const AUTOSCALING_VERSION = "2011-01-01";
export const ELBV2_VERSION = "2015-12-01";
export const CLOUDWATCH_VERSION = "2010-08-01";
const EC2_NS = `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`;
export const AUTOSCALING_NS = `http://autoscaling.amazonaws.com/doc/${AUTOSCALING_VERSION}/`;
export const ELBV2_NS = `http://elasticloadbalancing.amazonaws.com/doc/${ELBV2_VERSION}/`;
export const CLOUDWATCH_NS = `http://monitoring.amazonaws.com/doc/${CLOUDWATCH_VERSION}/`;
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

export type Body = Record<string, XmlValue>;

export function ec2Success(action: string, requestId: string, body: Body): string {
  let inner = `<requestId>${requestId}</requestId>`;
  for (const [key, value] of Object.entries(body)) inner += renderXml(key, value, "item");
  return `${PROLOG}<${action}Response xmlns="${EC2_NS}">${inner}</${action}Response>`;
}

export function ec2Error(error: ApiError, requestId: string): string {
  return (
    `${PROLOG}<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`
  );
}

/** `body` undefined means the operation has no output: only ResponseMetadata is sent. */
export function querySuccess(action: string, requestId: string, body: Body | undefined, namespace = AUTOSCALING_NS): string {
  let result = "";
  if (body) {
    let inner = "";
    for (const [key, value] of Object.entries(body)) inner += renderXml(key, value, "member");
    result = `<${action}Result>${inner}</${action}Result>`;
  }
  return (
    `${PROLOG}<${action}Response xmlns="${namespace}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function queryError(error: ApiError, requestId: string, namespace = AUTOSCALING_NS): string {
  const type = error.status >= 500 ? "Receiver" : "Sender";
  return (
    `${PROLOG}<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
