// The capabilities instance processes keep: Docker's default set minus CAP_SYS_CHROOT. Instances are
// confined with chroot inside a private mount namespace (whose root is still a copy of the host's), so
// chroot must not be available to them; everything that could mknod a disk, mount, load modules, read
// by file handle (CAP_DAC_READ_SEARCH) or trace outside processes is dropped from the bounding set.

const KEEP = new Set([
  "cap_chown",
  "cap_dac_override",
  "cap_fowner",
  "cap_fsetid",
  "cap_kill",
  "cap_setgid",
  "cap_setuid",
  "cap_setpcap",
  "cap_net_bind_service",
  "cap_net_raw",
  "cap_audit_write",
  "cap_setfcap",
]);

// Linux capability numbers 0..40, in order (capability.h).
const ALL = [
  "cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner", "cap_fsetid", "cap_kill",
  "cap_setgid", "cap_setuid", "cap_setpcap", "cap_linux_immutable", "cap_net_bind_service",
  "cap_net_broadcast", "cap_net_admin", "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner", "cap_sys_module",
  "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace", "cap_sys_pacct", "cap_sys_admin", "cap_sys_boot",
  "cap_sys_nice", "cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod", "cap_lease",
  "cap_audit_write", "cap_audit_control", "cap_setfcap", "cap_mac_override", "cap_mac_admin", "cap_syslog",
  "cap_wake_alarm", "cap_block_suspend", "cap_audit_read", "cap_perfmon", "cap_bpf", "cap_checkpoint_restore",
];

/** The `capsh --drop=` argument: every capability the running kernel knows, except the kept ones. */
export function dropList(lastCap: number): string {
  const names = ALL.slice(0, lastCap + 1);
  // Capabilities newer than this list are dropped by number, which capsh accepts too.
  for (let n = ALL.length; n <= lastCap; n++) names.push(String(n));
  return names.filter((name) => !KEEP.has(name)).join(",");
}
