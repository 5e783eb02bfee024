// SSM Parameter Store, the subset image builds use (Packer's amazon-parameterstore data source, the
// AWS CLI's `aws ssm put-parameter / get-parameter(s) / get-parameters-by-path / delete-parameter`),
// as the SSM API reference describes it: versions, `name:version` selectors, SecureString values
// returned only WithDecryption, paths with Recursive, ParameterNotFound / ParameterAlreadyExists.

import { createHash } from "node:crypto";
import type { Cloud } from "../../model/cloud.js";
import { ACCOUNT_ID } from "../../model/ids.js";
import { readDocument, writeDocument } from "../../model/json-store.js";
import { ApiError } from "../../wire/errors.js";
import { JsonInput, type JsonObject } from "../../wire/json11.js";

interface ParameterVersion {
  value: string;
  version: number;
  modified: number;
  description?: string;
}

interface ParameterRecord {
  name: string;
  type: "String" | "StringList" | "SecureString";
  keyId?: string;
  versions: ParameterVersion[];
}

type Store = Record<string, Record<string, ParameterRecord>>;

export type Json11Handler = (cloud: Cloud, region: string, input: JsonInput) => JsonObject;

const TYPES = ["String", "StringList", "SecureString"] as const;
const MAX_VALUE = 4096;

function regionStore(cloud: Cloud, region: string): Record<string, ParameterRecord> {
  const store = readDocument<Store>(cloud, "ssm-parameters", () => ({}));
  return (store[region] ??= {});
}

function checkName(name: string): void {
  if (name.length > 2048) throw new ApiError("ValidationException", "Parameter name must be at most 2048 characters");
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) throw new ApiError("ValidationException", `Parameter name: can't contain characters other than a-zA-Z0-9_.-/ (${name})`);
  if (name.includes("/") && !name.startsWith("/")) throw new ApiError("ValidationException", "Parameter name must be a fully qualified name: a hierarchy starts with /");
  if (/^\/?(aws|ssm)/i.test(name)) throw new ApiError("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
}

function arnOf(region: string, name: string): string {
  return `arn:aws:ssm:${region}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`;
}

/** What GetParameter answers for a SecureString read without decryption: opaque, never the value. */
function ciphertext(value: string, version: number): string {
  return Buffer.from(`sandbox-kms:${version}:${createHash("sha256").update(value).digest("hex")}`).toString("base64");
}

function describeVersion(region: string, record: ParameterRecord, version: ParameterVersion, decrypt: boolean, selector?: string): JsonObject {
  return {
    Name: record.name,
    Type: record.type,
    Value: record.type === "SecureString" && !decrypt ? ciphertext(version.value, version.version) : version.value,
    Version: version.version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: version.modified / 1000,
    ARN: arnOf(region, record.name),
    DataType: "text",
  };
}

/** `name`, `name:3` (a version) -> the record and version, or undefined. */
function lookup(cloud: Cloud, region: string, requested: string): { record: ParameterRecord; version: ParameterVersion; selector?: string } | undefined {
  const colon = requested.lastIndexOf(":");
  const name = colon > 0 ? requested.slice(0, colon) : requested;
  const selector = colon > 0 ? requested.slice(colon) : undefined;
  const record = regionStore(cloud, region)[name];
  if (!record) return undefined;
  if (!selector) return { record, version: record.versions[record.versions.length - 1]! };
  const number = Number(selector.slice(1));
  if (!Number.isInteger(number)) throw new ApiError("ValidationException", `Parameter labels are not supported by the sandbox; use a version number (${requested})`);
  const version = record.versions.find((candidate) => candidate.version === number);
  if (!version) throw new ApiError("ParameterVersionNotFound", `Systems Manager could not find version ${number} of ${name}.`);
  return { record, version, selector };
}

const putParameter: Json11Handler = (cloud, region, input) => {
  const name = input.requiredString("Name");
  const value = input.requiredString("Value");
  checkName(name);
  if (value.length > MAX_VALUE) throw new ApiError("ValidationException", `Parameter value must be at most ${MAX_VALUE} characters for the Standard tier`);
  const typeText = input.string("Type");
  if (typeText !== undefined && !(TYPES as readonly string[]).includes(typeText)) {
    throw new ApiError("ValidationException", `1 validation error detected: Value '${typeText}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
  }
  const store = regionStore(cloud, region);
  const existing = store[name];
  if (existing && !input.bool("Overwrite")) {
    throw new ApiError("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
  }
  if (!existing && typeText === undefined) throw new ApiError("ValidationException", "A parameter type is required when you create a parameter.");
  const record: ParameterRecord = existing ?? { name, type: typeText as ParameterRecord["type"], versions: [] };
  if (typeText) record.type = typeText as ParameterRecord["type"];
  const keyId = input.string("KeyId");
  if (keyId) record.keyId = keyId;
  const version = (record.versions[record.versions.length - 1]?.version ?? 0) + 1;
  record.versions.push({ value, version, modified: Date.now(), description: input.string("Description") });
  // AWS keeps the last 100 versions.
  if (record.versions.length > 100) record.versions.shift();
  store[name] = record;
  writeDocument(cloud, "ssm-parameters");
  return { Version: version, Tier: "Standard" };
};

const getParameter: Json11Handler = (cloud, region, input) => {
  const requested = input.requiredString("Name");
  const found = lookup(cloud, region, requested);
  if (!found) throw new ApiError("ParameterNotFound", `Parameter ${requested} not found.`);
  return { Parameter: describeVersion(region, found.record, found.version, input.bool("WithDecryption"), found.selector) };
};

const getParameters: Json11Handler = (cloud, region, input) => {
  const names = input.strings("Names");
  if (names.length < 1 || names.length > 10) throw new ApiError("ValidationException", "Names must hold 1 to 10 parameter names");
  const decrypt = input.bool("WithDecryption");
  const parameters: JsonObject[] = [];
  const invalid: string[] = [];
  for (const name of [...new Set(names)]) {
    const found = lookup(cloud, region, name);
    if (found) parameters.push(describeVersion(region, found.record, found.version, decrypt, found.selector));
    else invalid.push(name);
  }
  return { Parameters: parameters, InvalidParameters: invalid };
};

const getParametersByPath: Json11Handler = (cloud, region, input) => {
  const path = input.requiredString("Path");
  if (!path.startsWith("/")) throw new ApiError("ValidationException", "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".");
  const prefix = path.endsWith("/") ? path : `${path}/`;
  const recursive = input.bool("Recursive");
  const max = input.number("MaxResults") ?? 10;
  if (max < 1 || max > 10) throw new ApiError("ValidationException", "MaxResults must be between 1 and 10");
  const start = input.string("NextToken") ? Number(Buffer.from(input.string("NextToken")!, "base64").toString("utf8")) : 0;
  if (!Number.isInteger(start) || start < 0) throw new ApiError("ValidationException", "The NextToken is not valid");
  const matches = Object.values(regionStore(cloud, region))
    .filter((record) => record.name.startsWith(prefix) && (recursive || !record.name.slice(prefix.length).includes("/")))
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = matches.slice(start, start + max);
  const decrypt = input.bool("WithDecryption");
  return {
    Parameters: page.map((record) => describeVersion(region, record, record.versions[record.versions.length - 1]!, decrypt)),
    ...(start + max < matches.length ? { NextToken: Buffer.from(String(start + max)).toString("base64") } : {}),
  };
};

const deleteParameter: Json11Handler = (cloud, region, input) => {
  const name = input.requiredString("Name");
  const store = regionStore(cloud, region);
  if (!store[name]) throw new ApiError("ParameterNotFound", `Parameter ${name} not found.`);
  delete store[name];
  writeDocument(cloud, "ssm-parameters");
  return {};
};

export const ssmActions: Record<string, Json11Handler> = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  DeleteParameter: deleteParameter,
};
