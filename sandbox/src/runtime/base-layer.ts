// The base layer: a skeleton root that sits under every image. Binaries come from the host's /usr
// (mounted read-only underneath each instance's /usr), so the skeleton only holds what a distribution
// keeps outside /usr: /etc, home directories, /var, and the merged-/usr symlinks.

import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { HOSTS, LOGIN_USERS, NSSWITCH, SUDO_SHIM, groupFile, homeOf, passwdFile, shadowFile } from "./base-files.js";
import { baseLayerDir } from "./paths.js";
import { runCommand } from "./run-command.js";

/** Host /etc entries the host's binaries expect (alternatives symlinks, loader cache, certificates …). */
const HOST_ETC = [
  "alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "debian_version",
  "profile", "profile.d", "bash.bashrc", "environment", "shells", "login.defs", "skel", "inputrc", "issue",
  "services", "protocols", "ethertypes", "gai.conf", "host.conf", "mime.types", "magic", "magic.mime",
  "ca-certificates.conf", "ssl/certs", "ssl/openssl.cnf", "ssh/ssh_config", "ssh/ssh_config.d", "resolv.conf",
  "locale.alias", "default/locale", "mke2fs.conf", "logrotate.conf",
];

/** Builds the base layer once; concurrent and repeated calls share the same directory. */
export async function ensureBaseLayer(dataDir: string, name: string): Promise<string> {
  const dir = baseLayerDir(dataDir, name);
  if (existsSync(path.join(dir, ".complete"))) return dir;
  await mkdir(path.dirname(dir), { recursive: true });
  // Build aside and rename into place, so a crash never leaves a half-made layer that looks finished.
  const staging = await mkdtemp(`${dir}.staging-`);
  try {
    await buildSkeleton(path.join(staging, "root"));
    await buildUsr(path.join(staging, "usr"));
    await writeFile(path.join(staging, ".complete"), `${new Date().toISOString()}\n`);
    try {
      await rename(staging, dir);
    } catch (err) {
      // Another runtime (or call) finished first: theirs is as good as ours.
      if (!existsSync(path.join(dir, ".complete"))) throw err;
      await rm(staging, { recursive: true, force: true });
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

async function buildSkeleton(root: string): Promise<void> {
  const dirs = [
    "etc", "usr", "proc", "dev", "sys", "run", "tmp", "root", "opt", "srv", "mnt", "media", "boot", "home",
    "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/alternatives", "var/lib/dpkg/triggers",
    "var/lib/cloud/instances", "var/log", "var/cache", "var/spool", "var/mail", "var/local", "var/opt",
    "var/backups", "var/tmp", ...LOGIN_USERS.map((u) => homeOf(u).slice(1)),
  ];
  for (const dir of dirs) await mkdir(path.join(root, dir), { recursive: true });
  await chmod(path.join(root, "tmp"), 0o1777);
  await chmod(path.join(root, "var/tmp"), 0o1777);
  await chmod(path.join(root, "root"), 0o700);
  // Debian 12 is merged-/usr: these are symlinks into /usr, whatever an image puts there.
  for (const link of ["bin", "sbin", "lib", "lib64"]) await symlink(`usr/${link}`, path.join(root, link));
  await symlink("/run", path.join(root, "var/run"));
  await symlink("/run/lock", path.join(root, "var/lock"));

  const etc = path.join(root, "etc");
  for (const entry of HOST_ETC) {
    const from = path.join("/etc", entry);
    if (!existsSync(from)) continue;
    await mkdir(path.dirname(path.join(etc, entry)), { recursive: true });
    await runCommand("cp", ["-a", from, path.join(etc, entry)]);
  }
  await writeFile(path.join(etc, "passwd"), passwdFile());
  await writeFile(path.join(etc, "group"), groupFile());
  await writeFile(path.join(etc, "shadow"), shadowFile(), { mode: 0o640 });
  await writeFile(path.join(etc, "gshadow"), "", { mode: 0o640 });
  await writeFile(path.join(etc, "hosts"), HOSTS);
  await writeFile(path.join(etc, "hostname"), "localhost\n");
  await writeFile(path.join(etc, "nsswitch.conf"), NSSWITCH);
  if (!existsSync(path.join(etc, "resolv.conf"))) await writeFile(path.join(etc, "resolv.conf"), "nameserver 127.0.0.1\n");
  // A real file, not the host's symlink into /usr/lib: images may rewrite it.
  await writeFile(path.join(etc, "os-release"), await readFile("/etc/os-release"));
  await symlink("../proc/self/mounts", path.join(etc, "mtab"));
  await writeFile(path.join(etc, "fstab"), "# roll sandbox: filesystems are mounted by the runtime\n");
  await writeFile(path.join(etc, "machine-id"), "");
  // Package manifests (dpkg-query) read the status database.
  if (existsSync("/var/lib/dpkg/status")) await cp("/var/lib/dpkg/status", path.join(root, "var/lib/dpkg/status"));
  else await writeFile(path.join(root, "var/lib/dpkg/status"), "");
}

async function buildUsr(usr: string): Promise<void> {
  await mkdir(path.join(usr, "bin"), { recursive: true });
  await writeFile(path.join(usr, "bin/sudo"), SUDO_SHIM, { mode: 0o755 });
}
