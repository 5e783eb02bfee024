// Key material for CreateKeyPair / ImportKeyPair, made with Node's crypto: RSA 2048 as PKCS#1 PEM and
// ed25519 in OpenSSH's private key format, the OpenSSH public key line instances accept, and the
// fingerprints AWS shows (SHA-1 of the PKCS#8 DER for created RSA keys, MD5 of the public DER for
// imported RSA keys, SHA-256 of the public key blob for ed25519).

import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";

export interface GeneratedKey {
  privateKey: string;
  publicKeyLine: string;
  fingerprint: string;
}

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

function sshMpint(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let body = bytes.subarray(start);
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return sshString(body);
}

function publicBlob(key: KeyObject): { type: "rsa" | "ed25519"; blob: Buffer } {
  const jwk = key.export({ format: "jwk" });
  if (key.asymmetricKeyType === "rsa") {
    return {
      type: "rsa",
      blob: Buffer.concat([sshString("ssh-rsa"), sshMpint(Buffer.from(jwk.e!, "base64url")), sshMpint(Buffer.from(jwk.n!, "base64url"))]),
    };
  }
  if (key.asymmetricKeyType === "ed25519") {
    return { type: "ed25519", blob: Buffer.concat([sshString("ssh-ed25519"), sshString(Buffer.from(jwk.x!, "base64url"))]) };
  }
  throw new Error(`unsupported key type ${String(key.asymmetricKeyType)}`);
}

function colonHex(digest: Buffer): string {
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join(":");
}

export function generateRsaKey(): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  const { blob } = publicBlob(publicKey);
  return { privateKey: pem, publicKeyLine: `ssh-rsa ${blob.toString("base64")}`, fingerprint: colonHex(createHash("sha1").update(der).digest()) };
}

export function generateEd25519Key(comment: string): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const { blob } = publicBlob(publicKey);
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const check = randomBytes(4);
  let secret = Buffer.concat([check, check, sshString("ssh-ed25519"), sshString(raw), sshString(Buffer.concat([seed, raw])), sshString(comment)]);
  for (let pad = 1; secret.length % 8 !== 0; pad++) secret = Buffer.concat([secret, Buffer.from([pad])]);
  const one = Buffer.alloc(4);
  one.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    one,
    sshString(blob),
    sshString(secret),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
  const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`;
  return { privateKey: pem, publicKeyLine: `ssh-ed25519 ${blob.toString("base64")}`, fingerprint: sha256Fingerprint(blob) };
}

function sha256Fingerprint(blob: Buffer): string {
  return createHash("sha256").update(blob).digest("base64").replace(/=+$/, "") + "=";
}

/** Parses an imported public key (an OpenSSH line, or PEM); undefined when it is not one. */
export function parsePublicKey(material: string): { type: "rsa" | "ed25519"; publicKeyLine: string; fingerprint: string } | undefined {
  const text = material.trim();
  const line = /^(ssh-rsa|ssh-ed25519) ([A-Za-z0-9+/=]+)/.exec(text);
  try {
    let key: KeyObject;
    if (line) {
      const blob = Buffer.from(line[2]!, "base64");
      key = keyFromBlob(blob);
    } else {
      key = createPublicKey(text);
    }
    const { type, blob } = publicBlob(key);
    const fingerprint = type === "rsa" ? colonHex(createHash("md5").update(key.export({ type: "spki", format: "der" })).digest()) : sha256Fingerprint(blob);
    return { type, publicKeyLine: `${type === "rsa" ? "ssh-rsa" : "ssh-ed25519"} ${blob.toString("base64")}`, fingerprint };
  } catch {
    return undefined;
  }
}

function readString(buf: Buffer, offset: number): [Buffer, number] {
  const length = buf.readUInt32BE(offset);
  if (offset + 4 + length > buf.length) throw new Error("truncated key blob");
  return [buf.subarray(offset + 4, offset + 4 + length), offset + 4 + length];
}

function keyFromBlob(blob: Buffer): KeyObject {
  const [type, afterType] = readString(blob, 0);
  if (type.toString() === "ssh-rsa") {
    const [e, afterE] = readString(blob, afterType);
    const [n] = readString(blob, afterE);
    const strip = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);
    return createPublicKey({ key: { kty: "RSA", e: strip(e).toString("base64url"), n: strip(n).toString("base64url") }, format: "jwk" });
  }
  if (type.toString() === "ssh-ed25519") {
    const [x] = readString(blob, afterType);
    if (x.length !== 32) throw new Error("bad ed25519 key");
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: x.toString("base64url") }, format: "jwk" });
  }
  throw new Error(`unsupported key type ${type.toString()}`);
}
