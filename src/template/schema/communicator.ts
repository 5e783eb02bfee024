// Communicator fields shared by every builder (Packer's communicator.Config, SSH part).

import { bool, fieldsOf, number, string, strings, type BlockRule, type FieldSpec } from "./types.js";

/** WinRM fields (Packer's communicator.WinRM): accepted by validate; roll cannot run winrm yet. */
export const winrmFields: Record<string, FieldSpec> = {
  ...fieldsOf(string, "winrm_username", "winrm_password", "winrm_host", "winrm_timeout"),
  winrm_port: number,
  ...fieldsOf(bool, "winrm_use_ssl", "winrm_insecure", "winrm_use_ntlm", "winrm_no_proxy"),
};

export const communicatorFields: Record<string, FieldSpec> = {
  communicator: string,
  pause_before_connecting: string,
  ...fieldsOf(
    string,
    "ssh_host",
    "ssh_username",
    "ssh_password",
    "ssh_timeout",
    "ssh_keypair_name",
    "ssh_private_key_file",
    "ssh_certificate_file",
    "ssh_interface",
    "ssh_keep_alive_interval",
    "ssh_read_write_timeout",
    "ssh_bastion_host",
    "ssh_bastion_username",
    "ssh_bastion_password",
    "ssh_bastion_private_key_file",
    "ssh_bastion_certificate_file",
    "ssh_file_transfer_method",
    "ssh_proxy_host",
    "ssh_proxy_username",
    "ssh_proxy_password",
    "temporary_key_pair_name",
    "temporary_key_pair_type",
  ),
  ...fieldsOf(number, "ssh_port", "ssh_handshake_attempts", "ssh_bastion_port", "ssh_proxy_port", "temporary_key_pair_bits"),
  ...fieldsOf(
    bool,
    "ssh_agent_auth",
    "ssh_pty",
    "ssh_disable_agent_forwarding",
    "ssh_clear_authorized_keys",
    "ssh_bastion_agent_auth",
    "ssh_bastion_interactive",
  ),
  ...fieldsOf(strings, "ssh_ciphers", "ssh_key_exchange_algorithms", "ssh_local_tunnels", "ssh_remote_tunnels"),
  ...winrmFields,
};


/**
 * Packer's communicator config: "ssh_username … Required if using SSH". The ssh communicator is the
 * default, so a builder without its own default user (amazon-ebs) needs ssh_username.
 */
export const sshUsernameRequired: BlockRule = (fields) => {
  const communicator = fields.communicator ?? "ssh";
  if (communicator !== "ssh" || (typeof fields.ssh_username === "string" && fields.ssh_username !== "")) return [];
  return [{ message: '"ssh_username" is required with the ssh communicator (the default)', field: "ssh_username" }];
};

/** communicator = "ssh" | "winrm" | "none" (Packer's three). */
export const communicatorValue: BlockRule = (fields) => {
  const value = fields.communicator;
  if (value === undefined || value === null || value === "ssh" || value === "winrm" || value === "none") return [];
  return [{ message: `"communicator" must be "ssh", "winrm" or "none", got ${JSON.stringify(value)}`, field: "communicator" }];
};
