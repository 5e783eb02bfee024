// The two shell scripts that make an instance: SETUP runs on the host's binaries as PID 1 of the
// instance's new mount/PID/UTS/IPC namespaces with full privileges and builds the root; it then
// execs capsh, which drops the dangerous capabilities from the bounding set, chroots into the instance
// root and execs INIT (the instance's own /bin/sh, already unprivileged), which stays PID 1.
//
// Why chroot and not pivot_root: any binary run with privileges *after* entering the instance root
// would be the instance's own (an image may replace /usr/bin/setpriv or libc). With chroot, the mount
// namespace's root stays the host's, so both boot and `nsenter` for SSH sessions run only host binaries
// (setpriv, nsenter, capsh) until the capabilities are gone. CAP_SYS_CHROOT is dropped, so the classic
// chroot escape is unavailable, and CAP_SYS_PTRACE is dropped, so /proc/<pid>/root of a privileged
// process cannot be followed either.

/** Inputs (environment; the script itself arrives as ROLL_SETUP): ROLL_ROOTFS, ROLL_{ROOT,USR}_LOWER, ROLL_UPPER_{ROOT,USR}, ROLL_WORK_{ROOT,USR},
 * ROLL_HOSTNAME, ROLL_DROP, ROLL_INIT, and INSTANCE_ID, LOCAL_IPV4, ROLL_USER_DATA, ROLL_HOSTKEY_BLOCK,
 * ROLL_ADMIN_USER, ROLL_ADMIN_KEYS passed on to INIT. fd 3 is the readiness pipe. */
export const SETUP_SCRIPT = String.raw`
set -eu
R="$ROLL_ROOTFS"
mount -t overlay overlay -o "lowerdir=$ROLL_ROOT_LOWER,upperdir=$ROLL_UPPER_ROOT,workdir=$ROLL_WORK_ROOT" "$R"
# An image may have removed a mount point; recreating it only touches the instance's own layer.
for d in usr proc dev run tmp; do [ -d "$R/$d" ] || { rm -f "$R/$d"; mkdir -p "$R/$d"; }; done
mount -t overlay overlay -o "lowerdir=$ROLL_USR_LOWER,upperdir=$ROLL_UPPER_USR,workdir=$ROLL_WORK_USR" "$R/usr"

mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
# What Docker masks too: kernel-wide knobs read-only, kernel memory and keyrings hidden.
for p in sys sysrq-trigger irq bus fs; do
  if [ -e "$R/proc/$p" ]; then mount --bind "$R/proc/$p" "$R/proc/$p"; mount -o remount,bind,ro "$R/proc/$p"; fi
done
for p in kcore keys timer_list kallsyms; do
  if [ -e "$R/proc/$p" ]; then mount --bind /dev/null "$R/proc/$p"; fi
done

# A minimal /dev: character devices only, never the host's disks.
mount -t tmpfs -o nosuid,noexec,mode=755,size=256k tmpfs "$R/dev"
mknod -m 666 "$R/dev/null" c 1 3
mknod -m 666 "$R/dev/zero" c 1 5
mknod -m 666 "$R/dev/full" c 1 7
mknod -m 666 "$R/dev/random" c 1 8
mknod -m 666 "$R/dev/urandom" c 1 9
mknod -m 666 "$R/dev/tty" c 5 0
mkdir -m 755 "$R/dev/pts"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5,nosuid,noexec devpts "$R/dev/pts"
ln -s pts/ptmx "$R/dev/ptmx"
mkdir -m 1777 "$R/dev/shm"
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$R/dev/shm"
ln -s /proc/self/fd "$R/dev/fd"
ln -s /proc/self/fd/0 "$R/dev/stdin"
ln -s /proc/self/fd/1 "$R/dev/stdout"
ln -s /proc/self/fd/2 "$R/dev/stderr"

mount -t tmpfs -o nosuid,nodev,mode=755 tmpfs "$R/run"
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$R/tmp"
hostname "$ROLL_HOSTNAME"

exec /usr/bin/env -i \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=linux LANG=C.UTF-8 \
  INSTANCE_ID="$INSTANCE_ID" LOCAL_IPV4="$LOCAL_IPV4" ROLL_HOSTNAME="$ROLL_HOSTNAME" \
  ROLL_USER_DATA="$ROLL_USER_DATA" ROLL_HOSTKEY_BLOCK="$ROLL_HOSTKEY_BLOCK" \
  ROLL_ADMIN_USER="$ROLL_ADMIN_USER" ROLL_ADMIN_KEYS="$ROLL_ADMIN_KEYS" \
  ROLL_INIT="$ROLL_INIT" \
  /usr/sbin/capsh --drop="$ROLL_DROP" --chroot="$R" --shell=/bin/sh -- -c 'eval "$ROLL_INIT"' roll-init
`;

/** The instance's init, in the spirit of cloud-init's boot stages, printed to the console. */
export const INIT_SCRIPT = String.raw`
started=$(date +%s%N)
unset ROLL_INIT
up() { ms=$(( ($(date +%s%N) - started) / 1000000 )); printf '%d.%03d' $((ms / 1000)) $((ms % 1000)); }
hn="$ROLL_HOSTNAME" userdata="$ROLL_USER_DATA" keys="$ROLL_HOSTKEY_BLOCK"
unset ROLL_HOSTNAME ROLL_USER_DATA ROLL_HOSTKEY_BLOCK
export INSTANCE_ID LOCAL_IPV4
echo "roll-sandbox: booting instance $INSTANCE_ID at $LOCAL_IPV4"
printf '%s\n' "$hn" > /etc/hostname
{ grep -v ' # roll-sandbox$' /etc/hosts 2>/dev/null; printf '%s %s # roll-sandbox\n' "$LOCAL_IPV4" "$hn"; } > /run/hosts.new
cat /run/hosts.new > /etc/hosts; rm -f /run/hosts.new
mkdir -p /run/instance /run/lock /run/sshd
printf '%s\n' "$INSTANCE_ID" > /run/instance/instance-id
printf '%s\n' "$LOCAL_IPV4" > /run/instance/local-ipv4
dir="/var/lib/cloud/instances/$INSTANCE_ID"
mkdir -p "$dir/scripts" "$dir/sem"
ln -sfn "$dir" /var/lib/cloud/instance
admin="$ROLL_ADMIN_USER" adminkeys="$ROLL_ADMIN_KEYS"
unset ROLL_ADMIN_USER ROLL_ADMIN_KEYS
if [ -n "$admin" ]; then
  # What Azure's provisioning agent does for osProfile.adminUsername, before SSH serves logins: the
  # account (uid 0 like every login user here), the VM's SSH keys, passwordless sudo.
  if ! grep -q "^$admin:" /etc/passwd; then
    printf '%s:x:0:0:%s:/home/%s:/bin/bash
' "$admin" "$admin" "$admin" >> /etc/passwd
    printf '%s:*:19700:0:99999:7:::
' "$admin" >> /etc/shadow
  fi
  mkdir -p "/home/$admin/.ssh" /etc/sudoers.d
  printf '%s
' "$adminkeys" > "/home/$admin/.ssh/authorized_keys"
  chmod 700 "/home/$admin/.ssh"; chmod 600 "/home/$admin/.ssh/authorized_keys"
  printf '%s ALL=(ALL) NOPASSWD:ALL
' "$admin" > /etc/sudoers.d/90-cloud-init-users
fi
unset admin adminkeys
echo ready >&3
exec 3>&-
echo "Cloud-init v. 23.1-roll-sandbox running 'init' at $(date -u '+%a, %d %b %Y %H:%M:%S +0000'). Up $(up) seconds."
echo "ci-info: $hn $LOCAL_IPV4"
if [ -x /etc/rc.local ]; then
  echo "Starting rc-local.service - /etc/rc.local Compatibility..."
  /etc/rc.local </dev/null
  echo "rc-local.service: /etc/rc.local exited with status $?"
fi
if [ -n "$userdata" ]; then
  printf '%s' "$userdata" > "$dir/user-data.txt"
  case "$userdata" in
    '#!'*)
      # Like cloud-init's scripts-user: once per instance, not on every start.
      if [ ! -e "$dir/sem/config_scripts_user" ]; then
        cp "$dir/user-data.txt" "$dir/scripts/part-001"
        chmod 700 "$dir/scripts/part-001"
        : > "$dir/sem/config_scripts_user"
        (cd / && "$dir/scripts/part-001" </dev/null)
        rc=$?
        [ $rc -eq 0 ] || echo "cc_scripts_user.py[WARNING]: Failed to run module scripts-user (scripts in $dir/scripts: part-001 exited with status $rc)"
      fi ;;
  esac
fi
printf '%s\n' "$keys"
echo "Cloud-init v. 23.1-roll-sandbox finished at $(date -u '+%a, %d %b %Y %H:%M:%S +0000'). Up $(up) seconds"
: > "$dir/boot-finished"
unset userdata keys
# PID 1 of the namespace: stay up and reap orphans (dash's wait reaps any child).
while :; do sleep 2147483647 & wait $!; done
`;
