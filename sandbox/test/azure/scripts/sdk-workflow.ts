// The workflow roll's Azure path needs, run with the JavaScript Azure SDK (its own pollers) against the
// sandbox, configured only by what `roll sandbox env` exports (AZURE_*, NODE_EXTRA_CA_CERTS):
//   node --import tsx sandbox/test/azure/scripts/sdk-workflow.ts
// VM from a marketplace image, SSH into it, generalize, capture to a gallery version; then a scale set
// from that version, rolled to a second version and to a third whose instances fail their health
// probe (scale-set-steps.ts). Prints one line per step; the test (sdk-workflow.test.ts) reads them.

import { ClientSecretCredential } from "@azure/identity";
import { ResourceManagementClient } from "@azure/arm-resources";
import { NetworkManagementClient } from "@azure/arm-network";
import { ComputeManagementClient } from "@azure/arm-compute";
import ssh2 from "ssh2";
import { sshExecAs } from "./ssh.js";
import { bakeMoreVersions, rollScaleSet } from "./scale-set-steps.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (eval "$(npx roll sandbox env)")`);
  return value;
};

const endpoint = env("AZURE_RESOURCE_MANAGER_ENDPOINT");
const subscription = env("AZURE_SUBSCRIPTION_ID");
const credential = new ClientSecretCredential(env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET"), {
  authorityHost: env("AZURE_AUTHORITY_HOST"),
  // A private cloud's authority is not known to Microsoft's instance discovery.
  disableInstanceDiscovery: true,
});
const poll = { updateIntervalInMs: 100 };
const resources = new ResourceManagementClient(credential, subscription, { endpoint });
const network = new NetworkManagementClient(credential, subscription, { endpoint });
const compute = new ComputeManagementClient(credential, subscription, { endpoint });
const session = process.env.SESSION ?? String(Date.now());
const location = "eastus";
const group = `rg-sdk-${session}`;
const say = (line: string) => console.log(line);

const { utils } = ssh2;
const keys = utils.generateKeyPairSync("ed25519");

async function main(): Promise<void> {
  await resources.resourceGroups.createOrUpdate(group, { location, tags: { session } });
  say(`group ${group} created`);

  const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(group, "vnet", {
    location,
    addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
    subnets: [{ name: "default", addressPrefix: "10.0.0.0/24" }],
  }, poll);
  const subnetId = vnet.subnets![0]!.id!;
  const nsg = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(group, "nsg", {
    location,
    securityRules: [{ name: "ssh", protocol: "Tcp", access: "Allow", direction: "Inbound", priority: 100, sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22" }],
  }, poll);
  const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(group, "bake-nic", {
    location,
    networkSecurityGroup: { id: nsg.id },
    ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnetId } }],
  }, poll);
  say(`network ready: ${vnet.provisioningState} ${nsg.securityRules?.length} rule, nic ${nic.provisioningState}`);

  const vm = await compute.virtualMachines.beginCreateOrUpdateAndWait(group, "bake", {
    location,
    hardwareProfile: { vmSize: "Standard_B1s" },
    storageProfile: { imageReference: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2", version: "latest" } },
    osProfile: {
      computerName: "bake",
      adminUsername: "ubuntu",
      linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/ubuntu/.ssh/authorized_keys", keyData: keys.public }] } },
      customData: Buffer.from("#!/bin/sh\necho baked-by-customdata > /etc/bake-marker\n").toString("base64"),
    },
    networkProfile: { networkInterfaces: [{ id: nic.id }] },
  }, poll);
  say(`vm ${vm.name} ${vm.provisioningState} from ${vm.storageProfile?.imageReference?.exactVersion}`);
  const view = await compute.virtualMachines.instanceView(group, "bake");
  say(`vm statuses: ${view.statuses?.map((s) => s.code).join(" ")}`);
  const ip = (await network.networkInterfaces.get(group, "bake-nic")).ipConfigurations![0]!.privateIPAddress!;
  if (process.env.SSH !== "off") {
    // The app: a web root with a health page, served on every boot by rc.local.
    const app = [
      "mkdir -p /srv/www && echo v1 > /srv/www/version && echo ok > /srv/www/health",
      `printf '#!/bin/sh\\ncd /srv/www && /usr/bin/python3 -m http.server 8080 --bind "$LOCAL_IPV4" >/dev/null 2>&1 &\\n' > /etc/rc.local && chmod +x /etc/rc.local`,
    ].join(" && ");
    const out = await sshExecAs(ip, "ubuntu", keys.private, `cat /etc/bake-marker; sudo -n true && echo sudo-ok; echo v1 > /etc/app-version; ${app}`);
    say(`ssh: ${out.trim().replace(/\n/g, " ")}`);
  }

  await compute.virtualMachines.beginDeallocateAndWait(group, "bake", poll);
  await compute.virtualMachines.generalize(group, "bake");
  const generalized = await compute.virtualMachines.instanceView(group, "bake");
  say(`vm after deallocate+generalize: ${generalized.statuses?.map((s) => s.code).join(" ")}`);

  await compute.galleries.beginCreateOrUpdateAndWait(group, `gal_${session}`, { location, description: "roll images" }, poll);
  await compute.galleryImages.beginCreateOrUpdateAndWait(group, `gal_${session}`, "app", {
    location,
    osType: "Linux",
    osState: "Generalized",
    hyperVGeneration: "V2",
    identifier: { publisher: "roll", offer: "app", sku: "web" },
  }, poll);
  const version = await compute.galleryImageVersions.beginCreateOrUpdateAndWait(group, `gal_${session}`, "app", "1.0.0", {
    location,
    publishingProfile: { targetRegions: [{ name: location, regionalReplicaCount: 1 }, { name: "westus" }] },
    storageProfile: { source: { id: vm.id } },
  }, poll);
  const replicated = await compute.galleryImageVersions.get(group, `gal_${session}`, "app", "1.0.0", { expand: "ReplicationStatus" });
  say(`gallery version ${version.name} ${version.provisioningState}, replication ${replicated.replicationStatus?.aggregatedState} in ${replicated.replicationStatus?.summary?.map((s) => s.region).join(",")}`);

  const ctx = { compute, network, group, location, subnetId, nsgId: nsg.id!, gallery: `gal_${session}`, keys, poll, say };
  await bakeMoreVersions(ctx, version.id!);
  await rollScaleSet(ctx);

  await compute.virtualMachines.beginDeleteAndWait(group, "bake", poll);
  const left = [];
  for await (const r of resources.resources.listByResourceGroup(group)) left.push(r.type);
  say(`after deleting the vm: ${left.sort().join(" ")}`);

  await resources.resourceGroups.beginDeleteAndWait(group, poll);
  const exists = await resources.resourceGroups.checkExistence(group);
  say(`group deleted: ${!exists.body}`);
  say("workflow done");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const details = (error as { details?: unknown }).details;
  if (details) console.error(JSON.stringify(details));
  process.exit(1);
});
