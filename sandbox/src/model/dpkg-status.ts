// A dpkg status database (/var/lib/dpkg/status) as text: stanzas separated by blank lines. Used to
// give a newly published base image newer package versions than the one before.

/** Packages a vendor refresh typically updates (security fixes), bumped when present. */
const SECURITY_PACKAGES = ["openssl", "libssl3", "openssh-client", "openssh-server", "openssh-sftp-server", "tzdata", "ca-certificates", "libc6", "libc-bin", "curl", "libcurl4"];
const MAX_BUMPED = 5;

export interface PackageChange {
  name: string;
  from: string;
  to: string;
}

/** The next Debian revision: the last number grows by one (3.0.11-1~deb12u2 -> 3.0.11-1~deb12u3). */
export function bumpVersion(version: string): string {
  const match = /(\d+)(\D*)$/.exec(version);
  if (!match) return `${version}+1`;
  return version.slice(0, match.index) + String(Number(match[1]) + 1) + match[2];
}

function stanzaField(stanza: string, field: string): string | undefined {
  return new RegExp(`^${field}: (.*)$`, "m").exec(stanza)?.[1];
}

/** Installed packages by name -> version. */
export function installedPackages(status: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const stanza of status.split(/\n\n+/)) {
    const name = stanzaField(stanza, "Package");
    const version = stanzaField(stanza, "Version");
    if (name && version && (stanzaField(stanza, "Status") ?? "install ok installed").endsWith(" installed")) packages.set(name, version);
  }
  return packages;
}

/** Bumps the security packages present (or the first few packages if none are): new text and what changed. */
export function bumpPackages(status: string): { status: string; changes: PackageChange[] } {
  const installed = installedPackages(status);
  let chosen = SECURITY_PACKAGES.filter((name) => installed.has(name)).slice(0, MAX_BUMPED);
  if (chosen.length === 0) chosen = [...installed.keys()].sort().slice(0, 3);
  const changes: PackageChange[] = [];
  const stanzas = status.split(/\n\n+/).map((stanza) => {
    const name = stanzaField(stanza, "Package");
    const version = stanzaField(stanza, "Version");
    if (!name || !version || !chosen.includes(name)) return stanza;
    const to = bumpVersion(version);
    changes.push({ name, from: version, to });
    return stanza.replace(/^Version: .*$/m, `Version: ${to}`);
  });
  let text = stanzas.join("\n\n");
  if (installed.size === 0) {
    // No database to start from (a host without dpkg): the image still gets one package to diff.
    text = "Package: sandbox-base-files\nStatus: install ok installed\nPriority: required\nArchitecture: all\nVersion: 1.0-1\nDescription: sandbox base image marker\n";
    changes.push({ name: "sandbox-base-files", from: "", to: "1.0-1" });
  }
  return { status: text.endsWith("\n") ? text : `${text}\n`, changes };
}
