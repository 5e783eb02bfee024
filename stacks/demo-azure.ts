// The Azure demo app: the AWS demo's service on a VM scale set of four instances, replaced by Azure's
// rolling upgrade in batches of half the fleet, behind the same HTTP health gate.

import { ScaleSetService, defineApp, type RollingUpgradeSettings } from "../src/stack/index.js";

// One policy for the scale set (Azure enforces it) and for roll's watcher (which gates each batch).
const rollingUpgrade: RollingUpgradeSettings = {
  maxBatchInstancePercent: 50,
  maxUnhealthyInstancePercent: 50,
  maxUnhealthyUpgradedInstancePercent: 50,
  pauseTimeBetweenBatchesSeconds: 2,
};

export default defineApp({
  name: "demo-azure",
  cloud: "azure",
  template: "templates/demo-azure.pkr.hcl",
  stack(scope, inputs) {
    new ScaleSetService(scope, "service", {
      inputs,
      vmSize: "Standard_B1s",
      instances: 4,
      // Azure requires a key on Linux scale sets; no private key for this one was kept, so nobody logs in.
      adminSshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIILWHa6r4T9sbwmMC7cLukuCdeE6oVqU9trXdIlBkugj demo-azure: no private key kept",
      rollingUpgrade,
      health: { kind: "extension", protocol: "http", port: 8080, requestPath: "/healthz", intervalSeconds: 1, numberOfProbes: 1 },
      tags: { team: "platform" },
    });
  },
  rollout: {
    instanceWarmupSeconds: 2,
    soakSeconds: 4,
    gates: [{ type: "http", path: "/healthz", port: 8080, intervalSeconds: 1, timeoutSeconds: 2 }],
  },
});
