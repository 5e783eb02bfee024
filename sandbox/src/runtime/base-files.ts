// The text files of the base layer's skeleton root.
//
// Simplification: every cloud-image login user (ec2-user, ubuntu, admin) is uid 0 in the sandbox, with
// its own name and home directory. Instances run as root in their own namespaces anyway, and it spares
// a setuid sudo: `sudo` is a shim that only parses its options. `whoami` therefore prints "root".

export const LOGIN_USERS = ["ec2-user", "ubuntu", "admin"] as const;

export function homeOf(user: string): string {
  return user === "root" ? "/root" : `/home/${user}`;
}

export function passwdFile(): string {
  const lines = ["root:x:0:0:root:/root:/bin/bash"];
  for (const user of LOGIN_USERS) lines.push(`${user}:x:0:0:${user}:${homeOf(user)}:/bin/bash`);
  lines.push(
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin",
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin",
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
  );
  return lines.join("\n") + "\n";
}

export function groupFile(): string {
  const members = LOGIN_USERS.join(",");
  return [
    "root:x:0:",
    "daemon:x:1:",
    "bin:x:2:",
    "sys:x:3:",
    `adm:x:4:${members}`,
    "tty:x:5:",
    "disk:x:6:",
    `wheel:x:10:${members}`,
    "staff:x:50:",
    `sudo:x:27:${members}`,
    "users:x:100:",
    "nogroup:x:65534:",
    "",
  ].join("\n");
}

/** Locked passwords: only SSH public keys log in. */
export function shadowFile(): string {
  return ["root", ...LOGIN_USERS, "daemon", "bin", "sys", "nobody"].map((u) => `${u}:*:19700:0:99999:7:::`).join("\n") + "\n";
}

export const HOSTS = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n";

export const NSSWITCH = [
  "passwd:         files",
  "group:          files",
  "shadow:         files",
  "gshadow:        files",
  "hosts:          files dns",
  "networks:       files",
  "protocols:      files",
  "services:       files",
  "ethers:         files",
  "rpc:            files",
  "",
].join("\n");

/**
 * `sudo` for a system where every login user is already root: accepts the options templates use
 * (-E -n -H -S -i -s -u root, `--`, VAR=value assignments) and runs the command.
 */
export const SUDO_SHIM = `#!/bin/sh
# roll sandbox sudo: every login user is uid 0 here, so this only parses options and runs the command.
login=0 shell=0 sethome=0
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    -u|--user|-g|--group|-p|--prompt|-C|--close-from|-h|--host)
      [ $# -ge 2 ] || { echo "sudo: option requires an argument -- '$1'" >&2; exit 1; }
      if [ "$1" = -u ] || [ "$1" = --user ]; then
        case "$2" in root|'#0'|ec2-user|ubuntu|admin) ;; *) echo "sudo: unknown user $2" >&2; exit 1 ;; esac
      fi
      shift 2 ;;
    --user=*|--group=*|--prompt=*|--preserve-env=*|--close-from=*) shift ;;
    --preserve-env|--non-interactive|--stdin|--reset-timestamp|--background) shift ;;
    --set-home) sethome=1; shift ;;
    --login) login=1; shift ;;
    --shell) shell=1; shift ;;
    -v|--validate|-K|--remove-timestamp) exit 0 ;;
    -V|--version) echo "Sudo version 1.9 (roll sandbox shim)"; exit 0 ;;
    -u*) case "\${1#-u}" in root|'#0'|ec2-user|ubuntu|admin) shift ;; *) echo "sudo: unknown user \${1#-u}" >&2; exit 1 ;; esac ;;
    -[EnHSikbsA]*)
      flags=\${1#-}
      while [ -n "$flags" ]; do
        f=\${flags%"\${flags#?}"}; flags=\${flags#?}
        case "$f" in
          i) login=1 ;; s) shell=1 ;; H) sethome=1 ;; E|n|S|k|b|A) ;;
          *) echo "sudo: invalid option -- '$f'" >&2; exit 1 ;;
        esac
      done
      shift ;;
    -*) echo "sudo: invalid option -- '$1'" >&2; exit 1 ;;
    *) break ;;
  esac
done
export SUDO_USER="\${USER:-root}" SUDO_UID=0 SUDO_GID=0 USER=root LOGNAME=root
if [ $login = 1 ]; then
  export HOME=/root; cd /root 2>/dev/null
  [ $# -eq 0 ] && exec /bin/bash -l
  exec /bin/bash -l -c "$*"
fi
[ $sethome = 1 ] && export HOME=/root
if [ $shell = 1 ]; then
  [ $# -eq 0 ] && exec "\${SHELL:-/bin/sh}"
  exec "\${SHELL:-/bin/sh}" -c "$*"
fi
[ $# -eq 0 ] && { echo "usage: sudo [-EHinS] [-u root] [VAR=value...] command [args...]" >&2; exit 1; }
# Leading VAR=value arguments set the environment, as in real sudo; env does exactly that.
exec /usr/bin/env -- "$@"
`;
