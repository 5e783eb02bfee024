// Types that Packer or its published plugins provide and roll cannot run yet. A template using them is
// valid (its expressions are still evaluated and checked); `roll bake` refuses it by name. Anything not
// listed here and not implemented by roll is unknown, as it would be to Packer without a plugin.

import { openSchema, type BlockSchema } from "./types.js";

const BUILDERS = [
  "alicloud-ecs", "amazon-chroot", "amazon-ebssurrogate", "amazon-ebsvolume", "amazon-instance", "azure-chroot", "azure-dtl",
  "cloudstack", "digitalocean", "docker", "file", "googlecompute", "hcloud", "hyperv-iso", "hyperv-vmcx", "linode", "lxc",
  "lxd", "ncloud", "null", "oneandone", "openstack", "oracle-classic", "oracle-oci", "outscale-bsu", "parallels-iso",
  "parallels-pvm", "profitbricks", "proxmox-clone", "proxmox-iso", "qemu", "scaleway", "tencentcloud-cvm", "triton",
  "ucloud-uhost", "vagrant", "virtualbox-iso", "virtualbox-ovf", "virtualbox-vm", "vmware-iso", "vmware-vmx", "vsphere-clone",
  "vsphere-iso", "vsphere-supervisor", "yandex",
];

const PROVISIONERS = [
  "ansible", "ansible-local", "chef-client", "chef-solo", "converge", "hcp-sbom", "inspec", "powershell", "puppet-masterless",
  "puppet-server", "salt-masterless", "windows-restart", "windows-shell",
];

const POST_PROCESSORS = [
  "alicloud-import", "amazon-import", "artifice", "checksum", "compress", "digitalocean-import", "docker-import", "docker-push",
  "docker-save", "docker-tag", "exoscale-import", "googlecompute-export", "googlecompute-import", "ucloud-import", "vagrant",
  "vagrant-cloud", "vagrant-registry", "vsphere", "vsphere-template", "yandex-export", "yandex-import",
];

const DATA_SOURCES = [
  "git-commit", "git-repository", "git-tree", "hcp-packer-artifact", "hcp-packer-image", "hcp-packer-iteration", "hcp-packer-version",
  "sshkey", "vsphere-virtualmachine",
];

function table(kind: string, names: string[]): Record<string, BlockSchema> {
  return Object.fromEntries(names.map((name) => [name, openSchema(`${kind} "${name}"`)]));
}

export const acceptedSourceSchemas = table("source", BUILDERS);
export const acceptedProvisionerSchemas = table("provisioner", PROVISIONERS);
export const acceptedPostProcessorSchemas = table("post-processor", POST_PROCESSORS);
export const acceptedDataSchemas = table("data", DATA_SOURCES);

/** What validate says about a type it accepts but bake cannot run. */
export function notRunWarning(kind: string, type: string): string {
  return `roll cannot run ${kind} "${type}" yet: validate checked its expressions, roll bake will refuse it`;
}
