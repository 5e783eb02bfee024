// Communicator fields shared by every builder (Packer's communicator.Config, SSH part).

import { bool, fieldsOf, number, string, strings, type FieldSpec } from "./types.js";

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
};

export const communicatorUnsupported: Record<string, string> = Object.fromEntries(
  ["winrm_username", "winrm_password", "winrm_host", "winrm_port", "winrm_timeout", "winrm_use_ssl", "winrm_insecure", "winrm_use_ntlm"].map(
    (name) => [name, "roll's communicator is SSH only"],
  ),
);
