// The load-balancer variant of a scale set's health signal: a public IP, a load balancer with one
// backend pool, an HTTP probe and a rule that forwards the service's port. Azure's Rolling mode reads
// the probe (healthProbeId) to decide whether a batch came up healthy.

import type { Construct } from "constructs";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip/index.js";
import { Lb } from "@cdktf/provider-azurerm/lib/lb/index.js";
import { LbBackendAddressPool } from "@cdktf/provider-azurerm/lib/lb-backend-address-pool/index.js";
import { LbProbe } from "@cdktf/provider-azurerm/lib/lb-probe/index.js";
import { LbRule } from "@cdktf/provider-azurerm/lib/lb-rule/index.js";
import type { ScaleSetNames } from "./names.js";
import type { ScaleSetHealth } from "./vmss-props.js";

export interface LoadBalancerHealth {
  probeId: string;
  backendPoolId: string;
  rule: LbRule;
}

const FRONTEND = "public";

export function loadBalancerHealth(
  scope: Construct,
  options: {
    names: ScaleSetNames;
    location: string;
    resourceGroupName: string;
    tags: Record<string, string>;
    health: Extract<ScaleSetHealth, { kind: "load-balancer" }>;
  },
): LoadBalancerHealth {
  const { names, location, resourceGroupName, tags, health } = options;
  const ip = new PublicIp(scope, "lb-ip", { name: names.publicIp, location, resourceGroupName, allocationMethod: "Static", sku: "Standard", tags });
  const lb = new Lb(scope, "lb", {
    name: names.loadBalancer,
    location,
    resourceGroupName,
    sku: "Standard",
    frontendIpConfiguration: [{ name: FRONTEND, publicIpAddressId: ip.id }],
    tags,
  });
  const pool = new LbBackendAddressPool(scope, "lb-pool", { name: "instances", loadbalancerId: lb.id });
  const probe = new LbProbe(scope, "lb-probe", {
    name: "health",
    loadbalancerId: lb.id,
    protocol: "Http",
    port: health.port,
    requestPath: health.requestPath,
    intervalInSeconds: health.intervalSeconds ?? 5,
    numberOfProbes: health.numberOfProbes ?? 1,
  });
  const rule = new LbRule(scope, "lb-rule", {
    name: "service",
    loadbalancerId: lb.id,
    protocol: "Tcp",
    frontendPort: health.frontendPort ?? health.port,
    backendPort: health.port,
    frontendIpConfigurationName: FRONTEND,
    backendAddressPoolIds: [pool.id],
    probeId: probe.id,
  });
  return { probeId: probe.id, backendPoolId: pool.id, rule };
}
