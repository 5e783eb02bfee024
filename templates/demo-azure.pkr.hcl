# The Azure demo app: the same tiny HTTP service as the AWS demo (templates/demo/), baked with Packer's
# azure-arm builder on the Ubuntu marketplace image.
#   /version  answers the `version` variable
#   /healthz  answers 200, or 500 when `healthy` is false (to rehearse a failing release)
# Credentials come from the environment (AZURE_CLIENT_ID/SECRET, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID;
# `eval "$(roll sandbox env)"` sets them for the sandbox). roll captures the image into its gallery as
# the app's next version.

packer {
  required_plugins {
    azure = {
      source  = "github.com/hashicorp/azure"
      version = "~> 2.0"
    }
  }
}

variable "version" {
  type        = string
  default     = "dev"
  description = "The release the service reports on /version."
}

variable "healthy" {
  type        = bool
  default     = true
  description = "false makes /healthz answer 500."
}

variable "location" {
  type    = string
  default = "westeurope"
}

source "azure-arm" "demo" {
  os_type         = "Linux"
  image_publisher = "Canonical"
  image_offer     = "0001-com-ubuntu-server-jammy"
  image_sku       = "22_04-lts"
  location        = var.location
  vm_size         = "Standard_B1s"
  communicator    = "ssh"
  azure_tags = {
    app = "demo-azure"
  }
}

build {
  name    = "demo-azure"
  sources = ["source.azure-arm.demo"]

  provisioner "file" {
    source      = "demo/"
    destination = "/tmp/demo"
  }

  provisioner "shell" {
    environment_vars = [
      "DEMO_VERSION=${var.version}",
      "DEMO_HEALTHY=${var.healthy}",
    ]
    inline = [
      "sudo mkdir -p /opt/demo",
      "sudo cp /tmp/demo/server.mjs /opt/demo/server.mjs",
      "printf 'DEMO_VERSION=%s\\nDEMO_HEALTHY=%s\\n' \"$DEMO_VERSION\" \"$DEMO_HEALTHY\" | sudo tee /opt/demo/env",
      "sudo install -m 0755 /tmp/demo/rc.local /etc/rc.local",
      "rm -rf /tmp/demo",
    ]
  }

  # Packer's documented last step for a Linux image: remove the agent's user and machine state.
  provisioner "shell" {
    execute_command = "chmod +x {{ .Path }}; {{ .Vars }} sudo -E sh '{{ .Path }}'"
    inline          = ["/usr/sbin/waagent -force -deprovision+user && export HISTSIZE=0 && sync"]
    inline_shebang  = "/bin/sh -x"
  }
}
