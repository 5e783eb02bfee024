# The demo app: a tiny HTTP service baked onto the sandbox's base image.
#   /version  answers the `version` variable
#   /healthz  answers 200, or 500 when `healthy` is false (to rehearse a failing release)

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
    ]
    inline = [
      "sudo mkdir -p /opt/demo",
      "sudo cp /tmp/demo/server.mjs /opt/demo/server.mjs",
      "printf 'DEMO_VERSION=%s\\nDEMO_HEALTHY=%s\\n' \"$DEMO_VERSION\" \"$DEMO_HEALTHY\" | sudo tee /opt/demo/env",
      "sudo install -m 0755 /tmp/demo/rc.local /etc/rc.local",
      "rm -rf /tmp/demo",
    ]
  }
}
