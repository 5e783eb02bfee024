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
  // Weekly security rebake (roll rebake demo, roll daemon): apt upgrades the image when it has package
  // sources. The sandbox has no network and its images no sources, so there the step says so and changes
  // nothing: a sandbox rebake deploys only when the vendor publishes a newer base image
  // (`roll sandbox publish-base`).
  rebake: {
    schedule: "0 4 * * 1",
    timeZone: "UTC",
    securityUpdate: [
      "if ls /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources >/dev/null 2>&1;",
      "then sudo apt-get -q update && sudo DEBIAN_FRONTEND=noninteractive apt-get -y -q upgrade;",
      "else echo 'security update: no apt package sources on this image, nothing to upgrade';",
      "fi",
    ].join(" "),
    jitterSeconds: 300,
  },
});
