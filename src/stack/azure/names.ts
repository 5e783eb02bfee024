// The deterministic names roll gives an Azure app's resources: how roll finds them again without a
// state file (the scale set, its group) and how `roll gc` tells roll's resources from others.
// Kept free of cdktf imports, so src/cloud can use it without loading the construct library.

export interface ScaleSetNames {
  resourceGroup: string;
  virtualNetwork: string;
  subnet: string;
  scaleSet: string;
  loadBalancer: string;
  publicIp: string;
}

export function scaleSetNames(app: string): ScaleSetNames {
  const base = `roll-${app}`;
  return {
    resourceGroup: base,
    virtualNetwork: `${base}-vnet`,
    subnet: `${base}-subnet`,
    scaleSet: base,
    loadBalancer: `${base}-lb`,
    publicIp: `${base}-lb-ip`,
  };
}

/** Output names a scale-set stack exports, for `terraform output -json`. */
export const AZURE_OUTPUTS = {
  scaleSetId: "roll_scale_set_id",
  scaleSetName: "roll_scale_set_name",
  resourceGroupName: "roll_resource_group_name",
  imageId: "roll_image_id",
} as const;

/** The application health extension (publisher and type as Azure documents them). */
export const HEALTH_EXTENSION = {
  name: "HealthExtension",
  publisher: "Microsoft.ManagedServices",
  type: "ApplicationHealthLinux",
  typeHandlerVersion: "1.0",
} as const;
