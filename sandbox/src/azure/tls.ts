// The Azure face is served over HTTPS because Azure's identity libraries (MSAL for Python and Node)
// refuse an authority that is not https. The sandbox makes its own certificate authority once per data
// folder and a server certificate for 127.0.0.1/localhost signed by it; clients trust the CA through
// REQUESTS_CA_BUNDLE (az, Python) and NODE_EXTRA_CA_CERTS (Node), exported by `roll sandbox env`.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TlsMaterial {
  /** PEM of the sandbox's CA, for clients' trust stores. */
  caFile: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** Loads the CA and server certificate of this data folder, making them the first time. */
export function ensureTls(dataDir: string, host: string): TlsMaterial {
  const dir = join(dataDir, "azure", "tls");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, "ca.pem");
  const certFile = join(dir, "server.pem");
  const keyFile = join(dir, "server-key.pem");
  const hostFile = join(dir, "server-host");
  const madeFor = existsSync(hostFile) ? readFileSync(hostFile, "utf8") : "";
  if (!existsSync(caFile) || !existsSync(certFile) || !existsSync(keyFile) || madeFor !== host) {
    if (!existsSync(caFile) || !existsSync(join(dir, "ca-key.pem"))) {
      openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
        "-days", "3650", "-subj", "/CN=roll sandbox local CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
    }
    const ipSan = /^[\d.]+$/.test(host) || host.includes(":") ? `IP:${host}` : `DNS:${host}`;
    const sans = [...new Set([ipSan, "IP:127.0.0.1", "DNS:localhost"])].join(",");
    writeFileSync(join(dir, "server.ext"), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${sans}\n`);
    openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=roll sandbox"], dir);
    openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", "server.pem", "-days", "825", "-extfile", "server.ext"], dir);
    writeFileSync(hostFile, host);
  }
  return { caFile, cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}
