// Which loopback addresses already have something listening on a port, read from /proc/net/tcp
// (synchronously, as address allocation is). Another sandbox on this machine (a test's, a user's) may
// use the same address range: an instance given an address whose port 22 is taken would answer on
// another port while clients reach the other sandbox's instance on 22.

import { readFileSync } from "node:fs";

const LISTEN = "0A";

/** "0100007F" (little-endian hex) -> "127.0.0.1". */
function ipv4FromHex(hex: string): string {
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return bytes.reverse().join(".");
}

export function listeningAddresses(port: number, table = "/proc/net/tcp"): Set<string> {
  let text: string;
  try {
    text = readFileSync(table, "utf8");
  } catch {
    return new Set();
  }
  const wanted = port.toString(16).toUpperCase().padStart(4, "0");
  const addresses = new Set<string>();
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, , state] = [fields[1], fields[2], fields[3]];
    if (!local || state !== LISTEN) continue;
    const [ipHex, portHex] = local.split(":");
    if (portHex === wanted) addresses.add(ipv4FromHex(ipHex));
  }
  return addresses;
}
