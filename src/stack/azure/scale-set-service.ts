// A service roll can deploy on Azure: a resource group, a virtual network with one subnet, and a Linux
// VM scale set (Uniform orchestration) on a gallery image version, in upgrade mode Rolling with the
// app's rolling-upgrade policy. Rolling mode needs a health signal: the application health extension
// (default) or a load balancer's probe. The image is the pin: during a release the stack keeps the live
// version and roll's rollout driver moves the model (see src/cloud/azure), so Terraform's state and the
// cloud agree again once the stack is applied with the version that won.

import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group/index.js";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network/index.js";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet/index.js";
import {
  LinuxVirtualMachineScaleSet,
  type LinuxVirtualMachineScaleSetExtension,
} from "@cdktf/provider-azurerm/lib/linux-virtual-machine-scale-set/index.js";
import { loadBalancerHealth, type LoadBalancerHealth } from "./load-balancer.js";
import { AZURE_OUTPUTS, HEALTH_EXTENSION, scaleSetNames } from "./names.js";
import { isoDuration, validateScaleSetProps, type ScaleSetServiceProps } from "./vmss-props.js";

export class ScaleSetService extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly scaleSet: LinuxVirtualMachineScaleSet;
  readonly scaleSetName: string;

  constructor(scope: Construct, id: string, props: ScaleSetServiceProps) {
    super(scope, id);
    validateScaleSetProps(props);
    const { inputs } = props;
    const names = scaleSetNames(inputs.app);
    const tags = { ...props.tags, "roll:app": inputs.app };
    const location = inputs.region;
    this.scaleSetName = names.scaleSet;

    this.resourceGroup = new ResourceGroup(this, "group", { name: names.resourceGroup, location, tags });
    const network = new VirtualNetwork(this, "network", {
      name: names.virtualNetwork,
      location,
      resourceGroupName: this.resourceGroup.name,
      addressSpace: [props.addressSpace ?? "10.0.0.0/16"],
      tags,
    });
    const subnet = new Subnet(this, "subnet", {
      name: names.subnet,
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: network.name,
      addressPrefixes: [props.subnetPrefix ?? "10.0.1.0/24"],
    });

    const health = props.health;
    const balancer: LoadBalancerHealth | undefined =
      health.kind === "load-balancer" ? loadBalancerHealth(this, { names, location, resourceGroupName: this.resourceGroup.name, tags, health }) : undefined;
    const policy = props.rollingUpgrade ?? {};

    this.scaleSet = new LinuxVirtualMachineScaleSet(this, "scale-set", {
      name: names.scaleSet,
      resourceGroupName: this.resourceGroup.name,
      location,
      sku: props.vmSize,
      instances: props.instances,
      sourceImageId: inputs.imageId,
      adminUsername: props.adminUsername ?? "azureuser",
      adminSshKey: [{ username: props.adminUsername ?? "azureuser", publicKey: props.adminSshPublicKey }],
      disablePasswordAuthentication: true,
      customData: props.customData === undefined ? undefined : Buffer.from(props.customData, "utf8").toString("base64"),
      upgradeMode: "Rolling",
      rollingUpgradePolicy: {
        maxBatchInstancePercent: policy.maxBatchInstancePercent ?? 20,
        maxUnhealthyInstancePercent: policy.maxUnhealthyInstancePercent ?? 20,
        maxUnhealthyUpgradedInstancePercent: policy.maxUnhealthyUpgradedInstancePercent ?? 20,
        pauseTimeBetweenBatches: isoDuration(policy.pauseTimeBetweenBatchesSeconds ?? 0),
        prioritizeUnhealthyInstancesEnabled: policy.prioritizeUnhealthyInstances ?? false,
        maximumSurgeInstancesEnabled: policy.maxSurge ?? false,
      },
      // Overprovisioning would start extra instances the rolling upgrade does not count.
      overprovision: false,
      healthProbeId: balancer?.probeId,
      extension: health.kind === "extension" ? [healthExtension(health)] : undefined,
      osDisk: { caching: "ReadWrite", storageAccountType: "Standard_LRS" },
      networkInterface: [
        {
          name: "primary",
          primary: true,
          ipConfiguration: [
            {
              name: "internal",
              primary: true,
              subnetId: subnet.id,
              loadBalancerBackendAddressPoolIds: balancer ? [balancer.backendPoolId] : undefined,
            },
          ],
        },
      ],
      tags,
      // A scale set with a load-balancer probe must wait for the rule that uses the probe.
      dependsOn: balancer ? [balancer.rule] : undefined,
    });

    const output = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    output(AZURE_OUTPUTS.scaleSetId, this.scaleSet.id, "scale set id");
    output(AZURE_OUTPUTS.scaleSetName, this.scaleSet.name, "scale set name");
    output(AZURE_OUTPUTS.resourceGroupName, this.resourceGroup.name, "resource group of the scale set");
    output(AZURE_OUTPUTS.imageId, this.scaleSet.sourceImageId, "gallery image version the model runs");
  }
}

function healthExtension(health: Extract<ScaleSetServiceProps["health"], { kind: "extension" }>): LinuxVirtualMachineScaleSetExtension {
  const protocol = health.protocol ?? "http";
  const settings = {
    protocol,
    port: health.port,
    ...(protocol === "tcp" ? {} : { requestPath: health.requestPath ?? "/" }),
    intervalInSeconds: health.intervalSeconds ?? 5,
    numberOfProbes: health.numberOfProbes ?? 1,
    ...(health.gracePeriodSeconds === undefined ? {} : { gracePeriod: health.gracePeriodSeconds }),
  };
  return { ...HEALTH_EXTENSION, autoUpgradeMinorVersion: true, settings: JSON.stringify(settings) };
}
