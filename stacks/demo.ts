// The demo app: four small instances behind an HTTP health gate, rolled out in two steps.

import { AsgService, defineApp } from "../src/stack/index.js";

export default defineApp({
  name: "demo",
  template: "templates/demo.pkr.hcl",
  stack(scope, inputs) {
    new AsgService(scope, "service", {
      inputs,
      instanceType: "t3.micro",
      minSize: 4,
      maxSize: 4,
      desiredCapacity: 4,
      availabilityZones: [`${inputs.region}a`],
      healthCheckType: "EC2",
      healthCheckGracePeriodSeconds: 10,
      tags: { team: "platform" },
    });
  },
  rollout: {
    minHealthyPercentage: 75,
    instanceWarmupSeconds: 2,
    checkpoints: [50, 100],
    checkpointDelaySeconds: 5,
    bakeTimeSeconds: 8,
    soakSeconds: 4,
    gates: [{ type: "http", path: "/healthz", port: 8080, intervalSeconds: 1, timeoutSeconds: 2 }],
  },
  // Weekly security rebake (roll rebake demo, roll daemon). The sandbox has no network, so apt has no
  // package source there and upgrades nothing: on the sandbox a rebake changes something only when the
  // vendor publishes a newer base image (`roll sandbox publish-base`). On a real Debian image with
  // network access the same step installs the pending updates.
  rebake: {
    schedule: "0 4 * * 1",
    timeZone: "UTC",
    securityUpdate: "sudo apt-get -q update && sudo DEBIAN_FRONTEND=noninteractive apt-get -y -q upgrade",
    jitterSeconds: 300,
  },
});
