// Who may talk to the sandbox: programs on this machine (the AWS CLI, SDKs, Terraform), never a web
// page. A page can make the user's browser send requests to 127.0.0.1 (CSRF) or to its own domain
// re-pointed at 127.0.0.1 (DNS rebinding). Browsers always send Origin on such requests and the
// rebinding one carries the attacker's name in Host; AWS clients send neither.

import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

function hostnameOf(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));
  const colon = host.lastIndexOf(":");
  return (colon >= 0 && host.indexOf(":") === colon ? host.slice(0, colon) : host).toLowerCase();
}

function isLoopbackName(name: string, localAddress: string | undefined): boolean {
  if (name === "localhost" || name.endsWith(".localhost")) return true; // S3 virtual-hosted style too
  // S3 virtual-hosted style on an address endpoint: "<bucket>.127.0.0.1". No attacker's domain can
  // end in a dotted IPv4 address, so this opens nothing to DNS rebinding.
  const bucketOnAddress = /^[a-z0-9.-]+\.(127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(name);
  if (bucketOnAddress && isIP(bucketOnAddress[1]!) === 4) return true;
  if (isIP(name) === 4) return name.startsWith("127.") || name === localAddress;
  if (isIP(name) === 6) return name === "::1" || name === localAddress?.replace(/^::ffff:/, "");
  return false;
}

/** Why the request is refused, or undefined when it may proceed. */
export function untrustedRequest(req: IncomingMessage): string | undefined {
  if (req.headers.origin !== undefined) return `requests from a browser (Origin: ${String(req.headers.origin).slice(0, 100)}) are not accepted`;
  const host = req.headers.host;
  if (host === undefined) return undefined; // HTTP/1.0 clients: the socket is loopback-only anyway
  const name = hostnameOf(host);
  if (!isLoopbackName(name, req.socket.localAddress)) return `Host "${host.slice(0, 100)}" is not this sandbox (use 127.0.0.1 or localhost)`;
  return undefined;
}
