// EC2 key pairs: CreateKeyPair, ImportKeyPair, DeleteKeyPair, DescribeKeyPairs. The private key is
// returned once and never kept; the sandbox keeps the public key so instances accept it.

import type { Cloud } from "../../model/cloud.js";
import { newId } from "../../model/ids.js";
import { generateEd25519Key, generateRsaKey, parsePublicKey } from "../../model/keys.js";
import type { KeyPairRecord, Tag } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { XmlValue } from "../../wire/xml.js";
import type { ApiContext, Ec2Handler } from "../context.js";
import { applyFilters, filtersOf, tagSet, tagSpecs } from "./common.js";

function validateName(ctx: ApiContext, name: string): void {
  if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) {
    throw new ApiError("InvalidParameterValue", `Value (${name}) for parameter keyName is invalid. Expecting a printable ASCII name of at most 255 characters.`);
  }
  if (Object.values(ctx.cloud.state.keyPairs).some((k) => k.region === ctx.region && k.name === name)) {
    throw new ApiError("InvalidKeyPair.Duplicate", `The keypair '${name}' already exists.`);
  }
}

function store(cloud: Cloud, region: string, name: string, type: "rsa" | "ed25519", publicKey: string, fingerprint: string, tags: Tag[]): KeyPairRecord {
  const record: KeyPairRecord = { id: newId.keyPair(), region, name, type, fingerprint, publicKey, createTime: cloud.now(), tags };
  cloud.state.keyPairs[record.id] = record;
  cloud.changed();
  return record;
}

const createKeyPair: Ec2Handler = (ctx) => {
  const name = ctx.params.required("KeyName");
  const type = ctx.params.str("KeyType") ?? "rsa";
  const format = ctx.params.str("KeyFormat") ?? "pem";
  if (type !== "rsa" && type !== "ed25519") throw new ApiError("InvalidParameterValue", `Value (${type}) for parameter KeyType is invalid.`);
  if (format !== "pem" && format !== "ppk") throw new ApiError("InvalidParameterValue", `Value (${format}) for parameter KeyFormat is invalid.`);
  if (format === "ppk") throw new ApiError("UnsupportedOperation", "The sandbox only creates keys in pem format.");
  validateName(ctx, name);
  const key = type === "rsa" ? generateRsaKey() : generateEd25519Key(name);
  const tags = tagSpecs(ctx.params, "key-pair");
  const record = store(ctx.cloud, ctx.region, name, type, `${key.publicKeyLine} ${name}`, key.fingerprint, tags);
  return {
    keyName: record.name,
    keyFingerprint: record.fingerprint,
    keyMaterial: key.privateKey,
    keyPairId: record.id,
    tagSet: tags.length > 0 ? tagSet(tags) : undefined,
  };
};

const importKeyPair: Ec2Handler = (ctx) => {
  const name = ctx.params.required("KeyName");
  const material = ctx.params.required("PublicKeyMaterial");
  validateName(ctx, name);
  const decoded = Buffer.from(material, "base64").toString("utf8");
  const parsed = parsePublicKey(decoded) ?? parsePublicKey(material);
  if (!parsed) throw new ApiError("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
  const tags = tagSpecs(ctx.params, "key-pair");
  const record = store(ctx.cloud, ctx.region, name, parsed.type, `${parsed.publicKeyLine} ${name}`, parsed.fingerprint, tags);
  return { keyFingerprint: record.fingerprint, keyName: record.name, keyPairId: record.id, tagSet: tags.length > 0 ? tagSet(tags) : undefined };
};

const deleteKeyPair: Ec2Handler = (ctx) => {
  const name = ctx.params.str("KeyName");
  const id = ctx.params.str("KeyPairId");
  if (!name && !id) throw new ApiError("MissingParameter", "The request must contain the parameter KeyName or KeyPairId");
  const record = Object.values(ctx.cloud.state.keyPairs).find((k) => k.region === ctx.region && (id ? k.id === id : k.name === name));
  // AWS answers success for a name that does not exist; an unknown id is an error.
  if (!record && id) throw new ApiError("InvalidKeyPair.NotFound", `The key pair '${id}' does not exist`);
  if (record) {
    delete ctx.cloud.state.keyPairs[record.id];
    ctx.cloud.changed();
  }
  return { return: true, keyPairId: record?.id };
};

function keyXml(k: KeyPairRecord, includePublicKey: boolean): XmlValue {
  return {
    keyPairId: k.id,
    keyFingerprint: k.fingerprint,
    keyName: k.name,
    keyType: k.type,
    tagSet: k.tags.length > 0 ? tagSet(k.tags) : undefined,
    publicKey: includePublicKey ? k.publicKey : undefined,
    createTime: new Date(k.createTime),
  };
}

const KEY_FILTERS = {
  "key-name": (k: KeyPairRecord) => k.name,
  "key-pair-id": (k: KeyPairRecord) => k.id,
  fingerprint: (k: KeyPairRecord) => k.fingerprint,
  "key-type": (k: KeyPairRecord) => k.type,
};

const describeKeyPairs: Ec2Handler = (ctx) => {
  const names = ctx.params.strings("KeyName");
  const ids = ctx.params.strings("KeyPairId");
  const pool = Object.values(ctx.cloud.state.keyPairs).filter((k) => k.region === ctx.region);
  for (const name of names) if (!pool.some((k) => k.name === name)) throw new ApiError("InvalidKeyPair.NotFound", `The key pair '${name}' does not exist`);
  for (const id of ids) if (!pool.some((k) => k.id === id)) throw new ApiError("InvalidKeyPair.NotFound", `The key pair '${id}' does not exist`);
  const selected = pool.filter((k) => (names.length === 0 || names.includes(k.name)) && (ids.length === 0 || ids.includes(k.id)));
  const keys = applyFilters(selected, filtersOf(ctx.params), KEY_FILTERS, (k) => k.tags).sort((a, b) => a.createTime - b.createTime);
  const includePublicKey = ctx.params.bool("IncludePublicKey") ?? false;
  return { keySet: keys.map((k) => keyXml(k, includePublicKey)) };
};

export const keyPairHandlers: Record<string, Ec2Handler> = {
  CreateKeyPair: createKeyPair,
  ImportKeyPair: importKeyPair,
  DeleteKeyPair: deleteKeyPair,
  DescribeKeyPairs: describeKeyPairs,
};
