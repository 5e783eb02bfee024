// The Azure scale-set construct, synthesized in-process as `roll deploy` does: what Terraform's
// azurerm provider (or roll's direct applier) will be asked to create.
import { describe, expect, it } from "vitest";
import demoAzure from "../../../stacks/demo-azure.js";
import { isRollError } from "../../../src/engine/errors.js";
import { defineApp, ScaleSetService, type ScaleSetServiceProps, type StackInputs } from "../../../src/stack/index.js";
import { synthesizeScaleSetApp } from "../../../src/stack/azure/synth.js";

const IMAGE = "/subscriptions/0000/resourceGroups/roll-images/providers/Microsoft.Compute/galleries/roll/images/demo-azure/versions/0.0.3";
const inputs: StackInputs = { app: "demo-azure", region: "westeurope", imageId: IMAGE };
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIILWHa6r4T9sbwmMC7cLukuCdeE6oVqU9trXdIlBkugj test";

type Body = Record<string, any>;
const only = (json: any, type: string): Body => {
  const entries = Object.values(json.resource[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0] as Body;
};

function appWith(props: Partial<ScaleSetServiceProps>, name = "svc") {
  return defineApp({
    name,
    cloud: "azure",
    template: "templates/demo-azure.pkr.hcl",
    stack(scope, stackInputs) {
      new ScaleSetService(scope, "service", {
        inputs: stackInputs,
        vmSize: "Standard_B1s",
        instances: 2,
        adminSshPublicKey: KEY,
        health: { kind: "extension", port: 8080, requestPath: "/healthz" },
        ...props,
      });
    },
    rollout: { gates: [] },
  });
}

function synthError(props: Partial<ScaleSetServiceProps>): { message: string; field?: string } {
  try {
    synthesizeScaleSetApp(appWith(props), { ...inputs, app: "svc" });
  } catch (error) {
    if (!isRollError(error)) throw error;
    return { message: error.message, field: error.location?.field };
  }
  throw new Error("synthesis succeeded");
}

describe("ScaleSetService", () => {
  it("puts the demo's scale set on the gallery version in Rolling mode with its policy and health extension", () => {
    const stack = synthesizeScaleSetApp(demoAzure, inputs);
    const set = only(stack.json, "azurerm_linux_virtual_machine_scale_set");
    expect(set.name).toBe("roll-demo-azure");
    expect(set.source_image_id).toBe(IMAGE);
    expect(set.instances).toBe(4);
    expect(set.upgrade_mode).toBe("Rolling");
    expect(set.rolling_upgrade_policy).toMatchObject({
      max_batch_instance_percent: 50,
      max_unhealthy_instance_percent: 50,
      max_unhealthy_upgraded_instance_percent: 50,
      pause_time_between_batches: "PT2S",
    });
    expect(set.tags).toEqual({ team: "platform", "roll:app": "demo-azure" });
    const [extension] = set.extension;
    expect([extension.publisher, extension.type]).toEqual(["Microsoft.ManagedServices", "ApplicationHealthLinux"]);
    expect(JSON.parse(extension.settings)).toMatchObject({ protocol: "http", port: 8080, requestPath: "/healthz" });
    expect(set.health_probe_id).toBeUndefined();
    expect(stack.scaleSet).toMatchObject({ name: "roll-demo-azure", resourceGroup: "roll-demo-azure", imageId: IMAGE });
    expect(stack.json.provider?.azurerm).toBeDefined();
    expect(stack.json.provider?.aws).toBeUndefined();
    expect((stack.json.terraform as Body).required_providers.azurerm.source).toBe("hashicorp/azurerm");
  });

  it("puts the scale set in the stack's own group and network, all tagged with the app", () => {
    const stack = synthesizeScaleSetApp(demoAzure, inputs);
    const group = only(stack.json, "azurerm_resource_group");
    const network = only(stack.json, "azurerm_virtual_network");
    const subnet = only(stack.json, "azurerm_subnet");
    const set = only(stack.json, "azurerm_linux_virtual_machine_scale_set");
    expect([group.name, group.location]).toEqual(["roll-demo-azure", "westeurope"]);
    expect(network.tags["roll:app"]).toBe("demo-azure");
    expect(network.address_space).toEqual(["10.0.0.0/16"]);
    expect(subnet.address_prefixes).toEqual(["10.0.1.0/24"]);
    const subnetAddress = stack.resources.find((r) => r.type === "azurerm_subnet")!.address;
    expect(set.network_interface[0].ip_configuration[0].subnet_id).toBe(`\${${subnetAddress}.id}`);
    expect(set.admin_ssh_key).toEqual([{ username: "azureuser", public_key: expect.stringMatching(/^ssh-ed25519 /) }]);
  });

  it("with a load-balancer health signal: the set reads the probe and joins the backend pool", () => {
    const stack = synthesizeScaleSetApp(appWith({ health: { kind: "load-balancer", port: 8080, requestPath: "/healthz", frontendPort: 80 } }), { ...inputs, app: "svc" });
    const set = only(stack.json, "azurerm_linux_virtual_machine_scale_set");
    const probeAddress = stack.resources.find((r) => r.type === "azurerm_lb_probe")!.address;
    const poolAddress = stack.resources.find((r) => r.type === "azurerm_lb_backend_address_pool")!.address;
    expect(set.health_probe_id).toBe(`\${${probeAddress}.id}`);
    expect(set.extension).toBeUndefined();
    expect(set.network_interface[0].ip_configuration[0].load_balancer_backend_address_pool_ids).toEqual([`\${${poolAddress}.id}`]);
    expect(only(stack.json, "azurerm_lb_probe")).toMatchObject({ protocol: "Http", port: 8080, request_path: "/healthz" });
    expect(only(stack.json, "azurerm_lb_rule")).toMatchObject({ frontend_port: 80, backend_port: 8080 });
  });

  it("refuses bad properties before synthesis, naming the field and the value", () => {
    expect(synthError({ instances: -1 })).toMatchObject({ field: "instances", message: expect.stringContaining("-1") });
    expect(synthError({ adminSshPublicKey: "hunter2" })).toMatchObject({ field: "adminSshPublicKey" });
    expect(synthError({ rollingUpgrade: { maxBatchInstancePercent: 150 } })).toMatchObject({
      field: "rollingUpgrade.maxBatchInstancePercent",
      message: expect.stringContaining("150"),
    });
    expect(synthError({ health: { kind: "extension", port: 0 } })).toMatchObject({ field: "health.port" });
  });

  it("refuses an Azure app with no scale set", () => {
    const empty = defineApp({ name: "svc", cloud: "azure", template: "t.pkr.hcl", stack() {}, rollout: { gates: [] } });
    expect(() => synthesizeScaleSetApp(empty, { ...inputs, app: "svc" })).toThrow(/exactly one Linux scale set/);
  });
});
