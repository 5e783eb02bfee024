// The azure-arm source as roll's builder reads it: the seed's example and the demo-azure template are
// accepted as written; Packer's rules between fields are enforced with file, line and field.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAzureArmConfig } from "../../../src/bake/azure-arm/config.js";
import { galleryVersionName, rollVersionOf } from "../../../src/bake/azure-arm/gallery-version.js";
import { isRollError } from "../../../src/engine/errors.js";
import { loadTemplate } from "../../../src/template/index.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const SEED = `source "azure-arm" "app" {
  os_type         = "Linux"
  image_publisher = "Canonical"
  image_offer     = "0001-com-ubuntu-server-jammy"
  image_sku       = "22_04-lts"
  azure_tags = {
    env = "prod"
    app = "my-app"
  }
  location = "Southeast Asia"
  vm_size  = "Standard_B2s"
}
build {
  sources = ["source.azure-arm.app"]
  provisioner "shell" {
    inline = ["sudo apt-get update", "sudo apt-get install -y nginx"]
  }
}
`;

async function sourceOf(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "roll-azure-config-"));
  const file = join(dir, "t.pkr.hcl");
  writeFileSync(file, text);
  const template = await loadTemplate(file);
  return { config: () => parseAzureArmConfig(template.builds[0]!.sources[0]!, dir), file };
}

/** The first error roll gives, from the template loader (schema rules) or the builder's config. */
async function failure(text: string) {
  try {
    (await sourceOf(text)).config();
  } catch (error) {
    if (!isRollError(error)) throw error;
    return { message: error.message, line: error.location?.line, field: error.location?.field };
  }
  throw new Error("accepted");
}

const withSource = (lines: string) => `source "azure-arm" "app" {\n${lines}\n}\nbuild { sources = ["source.azure-arm.app"] }\n`;
const MARKETPLACE = `  os_type = "Linux"\n  image_publisher = "Canonical"\n  image_offer = "0001-com-ubuntu-server-jammy"\n  image_sku = "22_04-lts"`;

describe("azure-arm source", () => {
  it("reads the seed's example: marketplace source, a temporary group in its location, credentials from the environment", async () => {
    const { config } = await sourceOf(SEED);
    expect(config()).toMatchObject({
      sourceName: "azure-arm.app",
      credentials: { kind: "environment" },
      location: "Southeast Asia",
      vmSize: "Standard_B2s",
      source: { kind: "marketplace", publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts", version: "latest" },
      azureTags: { env: "prod", app: "my-app" },
      communicator: "ssh",
      sshUsername: "packer",
    });
  });

  it("reads the demo-azure template", async () => {
    const template = await loadTemplate(join(repoRoot, "templates/demo-azure.pkr.hcl"), { vars: { version: "2" } });
    const config = parseAzureArmConfig(template.builds[0]!.sources[0]!, join(repoRoot, "templates"));
    expect(config).toMatchObject({ location: "westeurope", source: { kind: "marketplace" }, azureTags: { app: "demo-azure" } });
  });

  it("reads a service principal, a gallery source, a managed image and a gallery destination with replication regions", async () => {
    const { config } = await sourceOf(
      withSource(`  os_type = "Linux"
  client_id = "app-id"
  client_secret = "s3cret"
  tenant_id = "tenant"
  build_resource_group_name = "builds"
  shared_image_gallery {
    resource_group = "images"
    gallery_name = "base"
    image_name = "ubuntu"
    image_version = "1.0.0"
  }
  managed_image_name = "app"
  managed_image_resource_group_name = "images"
  shared_image_gallery_destination {
    resource_group = "images"
    gallery_name = "apps"
    image_name = "app"
    replication_regions = ["westeurope", "northeurope"]
  }`),
    );
    expect(config()).toMatchObject({
      credentials: { kind: "service-principal", clientId: "app-id", clientSecret: "s3cret", tenantId: "tenant" },
      buildResourceGroupName: "builds",
      source: { kind: "gallery", resourceGroup: "images", galleryName: "base", imageName: "ubuntu", imageVersion: "1.0.0" },
      managedImage: { name: "app", resourceGroup: "images" },
      galleryDestination: { resourceGroup: "images", galleryName: "apps", imageName: "app", replicationRegions: ["westeurope", "northeurope"] },
    });
  });

  it("refuses what Packer refuses, naming line and field", async () => {
    expect(await failure(withSource(`${MARKETPLACE}`))).toMatchObject({ field: "location", message: expect.stringContaining(`"build_resource_group_name"`) });
    expect(await failure(withSource(`${MARKETPLACE}\n  location = "westeurope"\n  client_id = "x"`))).toMatchObject({ field: "client_secret" });
    expect(await failure(withSource(`  os_type = "Linux"\n  image_publisher = "Canonical"\n  image_sku = "s"\n  location = "westeurope"`))).toMatchObject({
      field: "image_offer",
      line: 1,
    });
    expect(await failure(withSource(`${MARKETPLACE}\n  location = "westeurope"\n  managed_image_name = "app"`))).toMatchObject({
      field: "managed_image_resource_group_name",
    });
    expect(await failure(withSource(`${MARKETPLACE}\n  location = "westeurope"\n  use_azure_cli_auth = true\n  client_id = "x"`))).toMatchObject({
      field: "use_azure_cli_auth",
      line: 7,
    });
  });

  it("refuses fields roll does not run, by name", async () => {
    const vhd = await failure(withSource(`${MARKETPLACE}\n  location = "westeurope"\n  storage_account = "acct"`));
    expect(vhd).toMatchObject({ field: "storage_account", line: 7, message: expect.stringContaining("not supported") });
    const windows = await failure(withSource(`  os_type = "Windows"\n  image_publisher = "MicrosoftWindowsServer"\n  image_offer = "o"\n  image_sku = "s"\n  location = "westeurope"`));
    expect(windows).toMatchObject({ field: "os_type", line: 2 });
  });
});

describe("gallery versions", () => {
  it("map vN to 0.0.N and back, and ignore versions roll did not name", () => {
    expect(galleryVersionName("v1")).toBe("0.0.1");
    expect(galleryVersionName("v42")).toBe("0.0.42");
    expect(rollVersionOf("0.0.42")).toBe("v42");
    expect(rollVersionOf("1.2.3")).toBeUndefined();
    expect(() => galleryVersionName("v0")).toThrow(/not a roll version/);
    expect(() => galleryVersionName("v2147483648")).toThrow(/not a roll version/);
  });
});
