# The demo app: a tiny HTTP service baked onto the sandbox's base image.
#   /version  answers the `version` variable
#   /healthz  answers 200, or `unhealthy_status` when the release was baked to fail: `healthy = false`
#             (every instance), `unhealthy_share` (some of them), `unhealthy_after` (only after a
#             warm-up). `boot_delay` and `listen_port` rehearse a slow boot and an unreachable gate.

packer {
  required_plugins {
    amazon = {
      source  = "github.com/hashicorp/amazon"
      version = ">= 1.0"
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

variable "unhealthy_status" {
  type        = number
  default     = 500
  description = "What /healthz answers on an unhealthy instance (404 rehearses a page that is missing)."
}

variable "unhealthy_share" {
  type        = string
  default     = ""
  description = "k/n: only k of every n instances are unhealthy, chosen by their address (the sandbox hands out consecutive ones), e.g. 1/2."
}

variable "unhealthy_after" {
  type        = number
  default     = 0
  description = "Seconds after start during which /healthz still answers 200; then the release's fault shows (alone, it makes every instance fail after the warm-up)."
}

variable "boot_delay" {
  type        = number
  default     = 0
  description = "Seconds the service waits before it listens: a slow boot."
}

variable "listen_port" {
  type        = number
  default     = 8080
  description = "The port the service listens on; anything but 8080 leaves the gate's endpoint unreachable."
}

variable "region" {
  type    = string
  default = "us-east-1"
}

source "amazon-ebs" "demo" {
  region        = var.region
  instance_type = "t3.micro"
  ami_name      = "demo-${var.version}-{{timestamp}}"
  ssh_username  = "ec2-user"

  source_ami_filter {
    filters = {
      name                = "sandbox-linux-base-*-x86_64"
      virtualization-type = "hvm"
    }
    owners      = ["amazon"]
    most_recent = true
  }

  tags = {
    app = "demo"
  }
}

build {
  name    = "demo"
  sources = ["source.amazon-ebs.demo"]

  provisioner "file" {
    source      = "demo/"
    destination = "/tmp/demo"
  }

  provisioner "shell" {
    environment_vars = [
      "DEMO_VERSION=${var.version}",
      "DEMO_HEALTHY=${var.healthy}",
      "DEMO_UNHEALTHY_STATUS=${var.unhealthy_status}",
      "DEMO_UNHEALTHY_SHARE=${var.unhealthy_share}",
      "DEMO_UNHEALTHY_AFTER=${var.unhealthy_after}",
      "DEMO_BOOT_DELAY=${var.boot_delay}",
      "DEMO_PORT=${var.listen_port}",
    ]
    inline = [
      "sudo mkdir -p /opt/demo",
      "sudo cp /tmp/demo/server.mjs /opt/demo/server.mjs",
      "env | grep '^DEMO_' | sort | sudo tee /opt/demo/env",
      "sudo install -m 0755 /tmp/demo/rc.local /etc/rc.local",
      "rm -rf /tmp/demo",
    ]
  }
}
