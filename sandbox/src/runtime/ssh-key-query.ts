// Answers a client's "would this key do?" query (a publickey request without a signature) with
// SSH_MSG_USERAUTH_PK_OK naming the algorithm the client asked with, as RFC 4252 §7 requires.
//
// ssh2 1.17 folds the RFC 8332 names rsa-sha2-256 / rsa-sha2-512 into `ssh-rsa` (+ hashAlgo) and its
// ctx.accept() then replies `ssh-rsa`; strict clients (Go's x/crypto/ssh, so Packer and Terraform)
// treat that as a refusal. This is the same change as patches/ssh2+1.17.0.patch (kept there for
// upstream), applied here because npm runs no install scripts that could patch node_modules.

import type { PublicKeyAuthContext } from "ssh2";

/** The algorithm name the client put in its request, recovered from ssh2's parsed form. */
export function requestedKeyAlgo(keyAlgo: string, hashAlgo: string | undefined): string {
  if (keyAlgo === "ssh-rsa" && hashAlgo === "sha256") return "rsa-sha2-256";
  if (keyAlgo === "ssh-rsa" && hashAlgo === "sha512") return "rsa-sha2-512";
  return keyAlgo;
}

/** The internals of ssh2's PKAuthContext that its accept() uses for a query. */
interface PkContextInternals {
  _initialResponse: boolean;
  _protocol: { authPKOK(keyAlgo: string, key: Buffer): void };
}

export function acceptKeyQuery(ctx: PublicKeyAuthContext): void {
  if (ctx.signature) throw new Error("acceptKeyQuery is for key queries; a signed request is accepted with ctx.accept()");
  const internals = ctx as unknown as PkContextInternals;
  if (typeof internals._protocol?.authPKOK !== "function") {
    // A future ssh2 without these internals: its own accept() is the best we have.
    ctx.accept();
    return;
  }
  internals._initialResponse = true;
  internals._protocol.authPKOK(requestedKeyAlgo(ctx.key.algo, ctx.hashAlgo), ctx.key.data);
}
