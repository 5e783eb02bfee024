// Secrets Manager, the subset image builds use (Packer's amazon-secretsmanager data source, the AWS
// CLI's `aws secretsmanager create-secret / put-secret-value / get-secret-value / delete-secret`), as
// the Secrets Manager API reference describes it: versions with staging labels (AWSCURRENT moves to
// the newest, the one before becomes AWSPREVIOUS), lookup by name or ARN, ResourceNotFoundException.

import { randomBytes, randomUUID } from "node:crypto";
import type { Cloud } from "../../model/cloud.js";
import { ACCOUNT_ID } from "../../model/ids.js";
import { readDocument, writeDocument } from "../../model/json-store.js";
import { ApiError } from "../../wire/errors.js";
import type { JsonInput, JsonObject } from "../../wire/json11.js";
import type { Json11Handler } from "../ssm/index.js";

interface SecretVersion {
  id: string;
  /** Exactly one of string / binary (base64). */
  string?: string;
  binary?: string;
  stages: string[];
  created: number;
}

interface SecretRecord {
  name: string;
  arn: string;
  description?: string;
  created: number;
  versions: SecretVersion[];
  deleted?: number;
}

type Store = Record<string, Record<string, SecretRecord>>;

function regionStore(cloud: Cloud, region: string): Record<string, SecretRecord> {
  return (readDocument<Store>(cloud, "secretsmanager-secrets", () => ({}))[region] ??= {});
}

function save(cloud: Cloud): void {
  writeDocument(cloud, "secretsmanager-secrets");
}

/** By name or ARN (a partial ARN without the random suffix also names it, as AWS allows). */
function findSecret(cloud: Cloud, region: string, id: string): SecretRecord {
  const store = regionStore(cloud, region);
  const found = store[id] ?? Object.values(store).find((secret) => secret.arn === id || secret.arn.slice(0, -7) === id);
  if (!found) throw new ApiError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  if (found.deleted) throw new ApiError("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
  return found;
}

function readValue(input: JsonInput): { string?: string; binary?: string } {
  const string = input.string("SecretString");
  const binary = input.string("SecretBinary");
  if (string !== undefined && binary !== undefined) throw new ApiError("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret.");
  if (string !== undefined && string.length > 65536) throw new ApiError("InvalidParameterException", "SecretString must be at most 65536 characters");
  return string !== undefined ? { string } : binary !== undefined ? { binary } : {};
}

/** Adds a version: AWSCURRENT moves to it (unless other stages are asked for), the old current becomes AWSPREVIOUS. */
function addVersion(secret: SecretRecord, value: { string?: string; binary?: string }, token: string | undefined, stages: string[]): SecretVersion {
  const id = token ?? randomUUID();
  const existing = secret.versions.find((version) => version.id === id);
  if (existing) {
    if (existing.string !== value.string || existing.binary !== value.binary) {
      throw new ApiError("ResourceExistsException", "You can't modify an existing version, you can only create a new version.");
    }
    return existing;
  }
  const wanted = stages.length > 0 ? stages : ["AWSCURRENT"];
  if (wanted.includes("AWSCURRENT")) {
    for (const version of secret.versions) version.stages = version.stages.filter((stage) => stage !== "AWSPREVIOUS");
    const current = secret.versions.find((version) => version.stages.includes("AWSCURRENT"));
    if (current) current.stages = [...current.stages.filter((stage) => stage !== "AWSCURRENT"), "AWSPREVIOUS"];
  }
  for (const version of secret.versions) version.stages = version.stages.filter((stage) => stage === "AWSPREVIOUS" || stage === "AWSCURRENT" || !wanted.includes(stage));
  const version: SecretVersion = { id, ...value, stages: wanted, created: Date.now() };
  secret.versions.push(version);
  // A version without a label is deprecated; AWS removes those beyond 100.
  secret.versions = secret.versions.filter((candidate, index, all) => candidate.stages.length > 0 || all.length - index <= 100);
  return version;
}

const createSecret: Json11Handler = (cloud, region, input) => {
  const name = input.requiredString("Name");
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) throw new ApiError("ValidationException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
  const store = regionStore(cloud, region);
  if (store[name]) throw new ApiError("ResourceExistsException", `The operation failed because the secret ${name} already exists.`);
  const secret: SecretRecord = {
    name,
    arn: `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${name}-${randomBytes(3).toString("hex")}`,
    description: input.string("Description"),
    created: Date.now(),
    versions: [],
  };
  const value = readValue(input);
  const version = value.string !== undefined || value.binary !== undefined ? addVersion(secret, value, input.string("ClientRequestToken"), []) : undefined;
  store[name] = secret;
  save(cloud);
  return { ARN: secret.arn, Name: name, ...(version ? { VersionId: version.id } : {}) };
};

const putSecretValue: Json11Handler = (cloud, region, input) => {
  const secret = findSecret(cloud, region, input.requiredString("SecretId"));
  const value = readValue(input);
  if (value.string === undefined && value.binary === undefined) throw new ApiError("InvalidRequestException", "You must provide either SecretString or SecretBinary.");
  const version = addVersion(secret, value, input.string("ClientRequestToken"), input.strings("VersionStages"));
  save(cloud);
  return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages };
};

const getSecretValue: Json11Handler = (cloud, region, input) => {
  const secret = findSecret(cloud, region, input.requiredString("SecretId"));
  const versionId = input.string("VersionId");
  const stage = input.string("VersionStage") ?? (versionId ? undefined : "AWSCURRENT");
  const version = secret.versions.find((candidate) => (!versionId || candidate.id === versionId) && (!stage || candidate.stages.includes(stage)));
  if (!version) {
    throw new ApiError("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for ${versionId ? `VersionId: ${versionId}` : `staging label: ${stage}`}`);
  }
  const out: JsonObject = { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages, CreatedDate: version.created / 1000 };
  if (version.string !== undefined) out.SecretString = version.string;
  if (version.binary !== undefined) out.SecretBinary = version.binary;
  return out;
};

const deleteSecret: Json11Handler = (cloud, region, input) => {
  const secret = findSecret(cloud, region, input.requiredString("SecretId"));
  const force = input.bool("ForceDeleteWithoutRecovery");
  const days = input.number("RecoveryWindowInDays") ?? 30;
  if (force && input.number("RecoveryWindowInDays") !== undefined) throw new ApiError("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  if (!force && (days < 7 || days > 30)) throw new ApiError("InvalidParameterException", "RecoveryWindowInDays must be between 7 and 30");
  const deletionDate = Date.now() + (force ? 0 : days * 86_400_000);
  if (force) delete regionStore(cloud, region)[secret.name];
  else secret.deleted = deletionDate;
  save(cloud);
  return { ARN: secret.arn, Name: secret.name, DeletionDate: deletionDate / 1000 };
};

export const secretsManagerActions: Record<string, Json11Handler> = {
  CreateSecret: createSecret,
  PutSecretValue: putSecretValue,
  GetSecretValue: getSecretValue,
  DeleteSecret: deleteSecret,
};
