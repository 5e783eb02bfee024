// A dpkg status database (/var/lib/dpkg/status) as text: stanzas separated by blank lines. Used to
// give a newly published base image newer package versions than the one before.
//
// A vendor refresh rebuilds a source package, so every binary package built from it moves to the new
// version together (openssh-client with openssh-server, libssl3 with openssl and libssl-dev), and the
// exact-version relations between them ("Depends: openssh-client (= 1:9.2p1-2+deb12u3)") follow.
// Bumping one binary alone would leave apt's database inconsistent (`apt-get check` fails).

/** Source packages a vendor refresh typically updates (security fixes), bumped when present. */
const SECURITY_SOURCES = ["openssl", "openssh", "tzdata", "ca-certificates", "glibc", "curl"];
const MAX_SOURCES = 3;
/** The relation fields that may pin an exact version of another package. */
const RELATION_FIELDS = ["Depends", "Pre-Depends", "Recommends", "Suggests", "Enhances", "Breaks", "Conflicts", "Replaces", "Provides"];

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

interface Installed {
  name: string;
  version: string;
  /** The source package's name ("Source: openssl" or "Source: bash (5.2.15-2)"); the package's own name when absent. */
  source: string;
}

function installedStanza(stanza: string): Installed | undefined {
  const name = stanzaField(stanza, "Package");
  const version = stanzaField(stanza, "Version");
  if (!name || !version || !(stanzaField(stanza, "Status") ?? "install ok installed").endsWith(" installed")) return undefined;
  return { name, version, source: stanzaField(stanza, "Source")?.split(" ")[0] ?? name };
}

/** Installed packages by name -> version. */
export function installedPackages(status: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const stanza of status.split(/\n\n+/)) {
    const entry = installedStanza(stanza);
    if (entry) packages.set(entry.name, entry.version);
  }
  return packages;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "name (= from)" and "name:any (= from)" in relation fields become "(= to)" for every bumped package. */
function followExactRelations(stanza: string, bumped: Map<string, { from: string; to: string }>): string {
  return stanza
    .split("\n")
    .map((line) => {
      const field = /^([A-Za-z-]+): /.exec(line)?.[1];
      if (!field || !RELATION_FIELDS.includes(field)) return line;
      let next = line;
      for (const [name, change] of bumped) {
        const pinned = new RegExp(`(^|[\\s,|])(${escapeRegExp(name)}(?::[a-z0-9-]+)?\\s*\\(=\\s*)${escapeRegExp(change.from)}\\)`, "g");
        next = next.replace(pinned, (_m, before: string, head: string) => `${before}${head}${change.to})`);
      }
      return next;
    })
    .join("\n");
}

/**
 * Bumps the security sources present (or the first few packages' sources if none are): every binary of
 * a chosen source at the source's version moves to the next revision, and exact relations follow.
 */
export function bumpPackages(status: string): { status: string; changes: PackageChange[] } {
  const stanzas = status.split(/\n\n+/);
  const installed = stanzas.map(installedStanza).filter((entry): entry is Installed => Boolean(entry));
  const sources = new Set(installed.map((entry) => entry.source));
  let chosen = SECURITY_SOURCES.filter((source) => sources.has(source)).slice(0, MAX_SOURCES);
  if (chosen.length === 0) chosen = [...new Set(installed.map((entry) => entry.source))].sort().slice(0, 1);
  // A source's binaries share its version; a binNMU'd or foreign-version binary keeps its own.
  const bumped = new Map<string, { from: string; to: string }>();
  for (const source of chosen) {
    const binaries = installed.filter((entry) => entry.source === source);
    const version = binaries.find((entry) => entry.name === source)?.version ?? binaries[0]?.version;
    for (const entry of binaries) if (entry.version === version) bumped.set(entry.name, { from: entry.version, to: bumpVersion(entry.version) });
  }
  const changes: PackageChange[] = [];
  const next = stanzas.map((stanza) => {
    const entry = installedStanza(stanza);
    const change = entry && bumped.get(entry.name);
    let text = stanza;
    if (entry && change && !changes.some((c) => c.name === entry.name)) {
      changes.push({ name: entry.name, ...change });
      text = text.replace(/^Version: .*$/m, `Version: ${change.to}`);
    } else if (entry && change) {
      // The same package for a second architecture (Multi-Arch: same): same new version.
      text = text.replace(/^Version: .*$/m, `Version: ${change.to}`);
    }
    return followExactRelations(text, bumped);
  });
  let text = next.join("\n\n");
  if (installed.length === 0) {
    // No database to start from (a host without dpkg): the image still gets one package to diff.
    text = "Package: sandbox-base-files\nStatus: install ok installed\nPriority: required\nArchitecture: all\nVersion: 1.0-1\nDescription: sandbox base image marker\n";
    changes.push({ name: "sandbox-base-files", from: "", to: "1.0-1" });
  }
  return { status: text.endsWith("\n") ? text : `${text}\n`, changes };
}
