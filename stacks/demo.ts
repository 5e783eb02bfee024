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
});
