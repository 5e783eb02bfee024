// The data sources roll evaluates, with their fields and outputs as Packer's docs give them:
// amazon-parameterstore, amazon-secretsmanager (every output sensitive), http and null. amazon-ami
// lives in its own file.

import { amazonAccessFields } from "./amazon-ebs.js";
import { any, bool, fieldsOf, string, stringMap, type BlockSchema } from "./types.js";

export const amazonParameterStoreSchema: BlockSchema = {
  title: 'data "amazon-parameterstore"',
  fields: { ...amazonAccessFields, name: string, with_decryption: bool },
  required: ["name"],
};
export const amazonParameterStoreOutputs = ["id", "value", "version", "arn"];

export const amazonSecretsManagerSchema: BlockSchema = {
  title: 'data "amazon-secretsmanager"',
  fields: { ...amazonAccessFields, ...fieldsOf(string, "name", "key", "version_id", "version_stage") },
  required: ["name"],
};
export const amazonSecretsManagerOutputs = ["id", "value", "secret_string", "secret_binary", "version_id", "arn"];

export const httpSchema: BlockSchema = {
  title: 'data "http"',
  fields: { url: string, request_headers: stringMap, method: string, request_body: string },
  required: ["url"],
};
export const httpOutputs = ["id", "url", "request_headers", "response_headers", "body", "status_code"];

export const nullSchema: BlockSchema = {
  title: 'data "null"',
  fields: { input: any },
  required: ["input"],
};
export const nullOutputs = ["id", "output"];
