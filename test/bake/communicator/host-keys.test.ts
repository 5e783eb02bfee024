import { describe, expect, it } from "vitest";
import { fingerprintOf, fingerprintsFromConsole } from "../../../src/bake/communicator/host-keys.js";

const A = "SHA256:" + "a".repeat(43);
const B = "SHA256:" + "B".repeat(43);
const C = "SHA256:" + "c".repeat(43);

describe("host-key fingerprints", () => {
  it("computes OpenSSH's SHA256 form", () => {
    // ssh-keygen -l prints unpadded base64 of the SHA-256 of the key blob
    expect(fingerprintOf(Buffer.from("abc"))).toBe("SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0");
  });

  it("reads only the BEGIN/END block when the console has one", () => {
    const console = [`echo ${C}`, "-----BEGIN SSH HOST KEY FINGERPRINTS-----", `256 ${A} root@ip (ED25519)`, `3072 ${B} root@ip (RSA)`, "-----END SSH HOST KEY FINGERPRINTS-----"].join("\n");
    expect(fingerprintsFromConsole(console)).toEqual([A, B]);
  });

  it("waits for an unfinished block, and reads bare ssh-keygen lines otherwise", () => {
    expect(fingerprintsFromConsole(`-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 ${A} root@ip (ED25519)\n`)).toEqual([]);
    expect(fingerprintsFromConsole(`booting\n256 ${A} root@ip-127-100-0-7 (ED25519)\r\nsomething ${C}\n`)).toEqual([A]);
    expect(fingerprintsFromConsole("booting\n")).toEqual([]);
  });
});
