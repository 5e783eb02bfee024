// Microsoft.Network as far as a bake VM and a scale set need it: virtual networks and subnets, network
// security groups, public IPs, NICs and load balancers (frontend, backend pool, probe, rule). No packets
// flow through them (instances answer on their own loopback address); the records, their ids and
// references are checked the way ARM checks them.

import { randomUUID } from "node:crypto";
import type { RequestContext } from "../context.js";
import { registerType, type PutInput } from "../resource-types.js";
import type { ResourceRecord } from "../state.js";
import { ArmError, invalidParameter } from "../wire.js";

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});
const arr = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** Gives each nested item (subnet, ipConfiguration, probe…) its id, etag and provisioning state. */
function normalizeItems(parentId: string, collection: string, items: unknown, required: string): Json[] {
  return arr(items).map((item, index) => {
    const name = typeof item.name === "string" && item.name ? item.name : undefined;
    if (!name) throw invalidParameter(`${required}[${index}].name is required.`, `${required}[${index}].name`);
    return {
      name,
      id: `${parentId}/${collection}/${name}`,
      etag: `W/"${randomUUID()}"`,
      type: `${collection}`,
      properties: { ...obj(item.properties), provisioningState: "Succeeded" },
    };
  });
}

function referencedExists(ctx: RequestContext, id: unknown, what: string, target: string): void {
  if (typeof id !== "string" || !id) throw invalidParameter(`${what}.id is required.`, target);
  // Sub-resources (subnet, pool) live inside their parent's record or as child records.
  if (ctx.face.resource(id)) return;
  const parts = id.split("/");
  const parentId = parts.slice(0, -2).join("/");
  const parent = ctx.face.resource(parentId);
  const collection = parts[parts.length - 2]!;
  const name = parts[parts.length - 1]!.toLowerCase();
  const items = parent ? arr(parent.properties[collection]) : [];
  if (!items.some((i) => String(i.name).toLowerCase() === name)) {
    throw new ArmError("InvalidResourceReference", `Resource ${id} referenced by resource ${target} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`, 400);
  }
}

function succeeded(record: ResourceRecord, properties: Json): void {
  record.properties = { ...properties, provisioningState: "Succeeded", resourceGuid: (record.properties.resourceGuid as string) ?? randomUUID() };
}

registerType({
  type: "Microsoft.Network/virtualNetworks",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body }) {
    const properties = obj(body.properties);
    const prefixes = arr(obj(properties.addressSpace).addressPrefixes as unknown);
    if (prefixes.length === 0) throw invalidParameter("properties.addressSpace.addressPrefixes must name at least one address prefix.", "properties.addressSpace.addressPrefixes");
    const subnets = normalizeItems(record.id, "subnets", properties.subnets ?? [], "properties.subnets");
    for (const subnet of subnets) {
      const p = obj(subnet.properties);
      if (!p.addressPrefix && !p.addressPrefixes) throw invalidParameter(`Subnet ${String(subnet.name)} needs an addressPrefix.`, "properties.subnets");
      subnet.type = "Microsoft.Network/virtualNetworks/subnets";
    }
    succeeded(record, { ...properties, subnets });
  },
});

registerType({
  type: "Microsoft.Network/virtualNetworks/subnets",
  tracked: false,
  asyncPut: true,
  put(ctx, { record, body, parents }) {
    const properties = obj(body.properties);
    if (!properties.addressPrefix && !properties.addressPrefixes) throw invalidParameter("properties.addressPrefix is required.", "properties.addressPrefix");
    if (properties.networkSecurityGroup) referencedExists(ctx, obj(properties.networkSecurityGroup).id, "networkSecurityGroup", record.id);
    succeeded(record, properties);
    // The network lists its subnets in its own properties too.
    const vnet = parents[0]!;
    const others = arr(vnet.properties.subnets).filter((s) => String(s.name).toLowerCase() !== record.name.toLowerCase());
    vnet.properties.subnets = [...others, { name: record.name, id: record.id, type: record.type, properties: record.properties }];
  },
});

const DEFAULT_RULES = [
  ["AllowVnetInBound", "Inbound", "VirtualNetwork", "VirtualNetwork", 65000],
  ["AllowAzureLoadBalancerInBound", "Inbound", "AzureLoadBalancer", "*", 65001],
  ["DenyAllInBound", "Inbound", "*", "*", 65500],
  ["AllowVnetOutBound", "Outbound", "VirtualNetwork", "VirtualNetwork", 65000],
  ["AllowInternetOutBound", "Outbound", "*", "Internet", 65001],
  ["DenyAllOutBound", "Outbound", "*", "*", 65500],
] as const;

registerType({
  type: "Microsoft.Network/networkSecurityGroups",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body }) {
    const properties = obj(body.properties);
    const rules = normalizeItems(record.id, "securityRules", properties.securityRules ?? [], "properties.securityRules");
    for (const rule of rules) {
      const p = obj(rule.properties);
      rule.type = "Microsoft.Network/networkSecurityGroups/securityRules";
      for (const field of ["protocol", "access", "direction", "priority"]) {
        if (p[field] === undefined) throw invalidParameter(`Security rule ${String(rule.name)} has no ${field}.`, `properties.securityRules.${field}`);
      }
      const priority = Number(p.priority);
      if (!Number.isInteger(priority) || priority < 100 || priority > 4096) {
        throw new ArmError("SecurityRuleInvalidPriority", `Security rule ${String(rule.name)} has invalid Priority. Value provided: ${String(p.priority)} Allowed range 100-4096.`, 400);
      }
    }
    const defaults = DEFAULT_RULES.map(([name, direction, source, destination, priority]) => ({
      name,
      id: `${record.id}/defaultSecurityRules/${name}`,
      type: "Microsoft.Network/networkSecurityGroups/defaultSecurityRules",
      properties: { protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: source, destinationAddressPrefix: destination, access: name.startsWith("Deny") ? "Deny" : "Allow", priority, direction, provisioningState: "Succeeded" },
    }));
    succeeded(record, { ...properties, securityRules: rules, defaultSecurityRules: defaults });
  },
});

let publicIpCounter = 10;
registerType({
  type: "Microsoft.Network/publicIPAddresses",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body, existing }) {
    const properties = obj(body.properties);
    const method = String(properties.publicIPAllocationMethod ?? "Dynamic");
    const sku = obj(body.sku);
    record.sku = { name: String(sku.name ?? "Basic"), tier: String(sku.tier ?? "Regional") };
    const address = (existing?.properties.ipAddress as string | undefined) ?? `203.0.113.${publicIpCounter++ % 250}`;
    succeeded(record, { publicIPAddressVersion: "IPv4", idleTimeoutInMinutes: 4, ...properties, publicIPAllocationMethod: method, ipAddress: address });
  },
});

registerType({
  type: "Microsoft.Network/networkInterfaces",
  tracked: true,
  asyncPut: true,
  put(ctx, { record, body }) {
    const properties = obj(body.properties);
    const configs = normalizeItems(record.id, "ipConfigurations", properties.ipConfigurations, "properties.ipConfigurations");
    if (configs.length === 0) throw invalidParameter("A network interface needs at least one IP configuration.", "properties.ipConfigurations");
    configs.forEach((config, index) => {
      const p = obj(config.properties);
      config.type = "Microsoft.Network/networkInterfaces/ipConfigurations";
      referencedExists(ctx, obj(p.subnet).id, "subnet", record.id);
      if (p.publicIPAddress) referencedExists(ctx, obj(p.publicIPAddress).id, "publicIPAddress", record.id);
      p.primary = p.primary ?? index === 0;
      p.privateIPAllocationMethod = p.privateIPAllocationMethod ?? "Dynamic";
      p.privateIPAddressVersion = "IPv4";
    });
    if (properties.networkSecurityGroup) referencedExists(ctx, obj(properties.networkSecurityGroup).id, "networkSecurityGroup", record.id);
    succeeded(record, { ...properties, ipConfigurations: configs, primary: true });
  },
  view(face, record, properties) {
    // The private address is the attached VM's instance address once it has one.
    const vmId = record.internal.virtualMachine as string | undefined;
    const vm = vmId ? face.resource(vmId) : undefined;
    const instance = vm ? face.cloud.state.instances[String(vm.internal.instanceId)] : undefined;
    if (vm) properties.virtualMachine = { id: vm.id };
    for (const config of arr(properties.ipConfigurations)) {
      const p = obj(config.properties);
      if (instance && p.primary) p.privateIPAddress = instance.ip;
    }
  },
  delete(face, record) {
    const vmId = record.internal.virtualMachine as string | undefined;
    if (vmId && face.resource(vmId)) {
      throw new ArmError("NicInUse", `Network Interface ${record.id} is used by existing resource ${vmId}. In order to delete the network interface, it must be dissociated from the resource.`, 400);
    }
  },
});

function loadBalancerPut(ctx: RequestContext, { record, body }: PutInput): void {
  const properties = obj(body.properties);
  const frontends = normalizeItems(record.id, "frontendIPConfigurations", properties.frontendIPConfigurations ?? [], "properties.frontendIPConfigurations");
  const pools = normalizeItems(record.id, "backendAddressPools", properties.backendAddressPools ?? [], "properties.backendAddressPools");
  const probes = normalizeItems(record.id, "probes", properties.probes ?? [], "properties.probes");
  const rules = normalizeItems(record.id, "loadBalancingRules", properties.loadBalancingRules ?? [], "properties.loadBalancingRules");
  for (const probe of probes) {
    const p = obj(probe.properties);
    if (!p.protocol || !p.port) throw invalidParameter(`Probe ${String(probe.name)} needs protocol and port.`, "properties.probes");
    if (String(p.protocol).toLowerCase() !== "tcp" && !p.requestPath) throw invalidParameter(`Probe ${String(probe.name)} with protocol ${String(p.protocol)} needs a requestPath.`, "properties.probes");
    p.intervalInSeconds = p.intervalInSeconds ?? 15;
    p.numberOfProbes = p.numberOfProbes ?? 2;
  }
  const names = (items: Json[]) => new Set(items.map((i) => String(i.id).toLowerCase()));
  const known = { frontend: names(frontends), pool: names(pools), probe: names(probes) };
  for (const rule of rules) {
    const p = obj(rule.properties);
    const check = (ref: unknown, set: Set<string>, what: string) => {
      const id = String(obj(ref).id ?? "").toLowerCase();
      if (!set.has(id)) throw new ArmError("InvalidResourceReference", `Resource ${String(obj(ref).id)} referenced by resource ${String(rule.id)} was not found (${what}).`, 400);
    };
    check(p.frontendIPConfiguration, known.frontend, "frontendIPConfiguration");
    if (p.backendAddressPool) check(p.backendAddressPool, known.pool, "backendAddressPool");
    if (p.probe) check(p.probe, known.probe, "probe");
  }
  for (const frontend of frontends) {
    const p = obj(frontend.properties);
    if (p.publicIPAddress) referencedExists(ctx, obj(p.publicIPAddress).id, "publicIPAddress", record.id);
    else if (p.subnet) referencedExists(ctx, obj(p.subnet).id, "subnet", record.id);
  }
  const sku = obj(body.sku);
  record.sku = { name: String(sku.name ?? "Basic"), tier: String(sku.tier ?? "Regional") };
  succeeded(record, { ...properties, frontendIPConfigurations: frontends, backendAddressPools: pools, probes, loadBalancingRules: rules });
}

registerType({ type: "Microsoft.Network/loadBalancers", tracked: true, asyncPut: true, put: loadBalancerPut });
