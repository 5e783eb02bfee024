// The independent SSH clients the sandbox is checked against, each as "log in with this key file and
// algorithm, run this command": OpenSSH, paramiko, libssh, dropbear's dbclient and Go's x/crypto/ssh.
// libssh's and Go's clients are tiny programs in programs/, built here once per test run (offline:
// Debian's golang-golang-x-crypto-dev sources in /usr/share/gocode, GOPATH mode).

import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PROGRAMS = path.join(path.dirname(fileURLToPath(import.meta.url)), "programs");
/** Debian's python, which has python3-paramiko (a pyenv or venv python on PATH may not). */
const PYTHON = "/usr/bin/python3";

export interface Login {
  host: string;
  port: number;
  user: string;
  /** Private key file in OpenSSH/PEM form, as CreateKeyPair returns it. */
  keyFile: string;
  /** Public key algorithm to offer: rsa-sha2-256, rsa-sha2-512, ssh-rsa, or "default" (the key's own). */
  algo: string;
  command: string;
}

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface SshClientProgram {
  name: string;
  /** The RSA signature algorithms this client can be told to use. */
  rsaAlgos: string[];
  run(login: Login): Promise<Outcome>;
}

export function runProgram(file: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 90_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env });
    const out: Outcome = { stdout: "", stderr: "", code: null };
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out.stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out.stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ...out, code });
    });
  });
}

async function mustRun(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  const result = await runProgram(file, args, env, 240_000);
  if (result.code !== 0) throw new Error(`${file} ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
}

export const openssh: SshClientProgram = {
  name: "OpenSSH",
  rsaAlgos: ["rsa-sha2-256", "rsa-sha2-512", "ssh-rsa"],
  run: (l) =>
    runProgram("ssh", [
      "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
      "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
      ...(l.algo === "default" ? [] : ["-o", `PubkeyAcceptedAlgorithms=${l.algo}`]),
      "-i", l.keyFile, "-p", String(l.port), `${l.user}@${l.host}`, l.command,
    ]),
};

export const paramiko: SshClientProgram = {
  name: "paramiko",
  rsaAlgos: ["rsa-sha2-256", "rsa-sha2-512", "ssh-rsa"],
  run: (l) => runProgram(PYTHON, [path.join(PROGRAMS, "paramiko-client.py"), l.host, String(l.port), l.user, l.keyFile, l.algo, l.command]),
};

/** Builds the libssh and Go clients into `dir`; returns the two client programs. */
export async function buildCompiledClients(dir: string): Promise<{ libssh: SshClientProgram; go: SshClientProgram }> {
  await mkdir(dir, { recursive: true });
  const libsshBin = path.join(dir, "libssh-client");
  const goBin = path.join(dir, "go-ssh-client");
  const goEnv = { ...process.env, GO111MODULE: "off", GOPATH: "/usr/share/gocode", GOFLAGS: "", GOPROXY: "off", GOCACHE: process.env.GOCACHE ?? path.join(dir, "go-cache") };
  await Promise.all([
    mustRun("cc", ["-O1", "-o", libsshBin, path.join(PROGRAMS, "libssh-client.c"), "-lssh"]),
    mustRun("go", ["build", "-o", goBin, path.join(PROGRAMS, "go-ssh-client.go")], goEnv),
  ]);
  return {
    libssh: {
      name: "libssh",
      rsaAlgos: ["rsa-sha2-256", "rsa-sha2-512", "ssh-rsa"],
      run: (l) => runProgram(libsshBin, [l.host, String(l.port), l.user, l.keyFile, l.algo, l.command]),
    },
    go: {
      name: "Go x/crypto/ssh",
      // The library picks rsa-sha2-256 from the server's server-sig-algs; ssh-rsa by hiding the SHA-2 signers.
      rsaAlgos: ["rsa-sha2-256", "ssh-rsa"],
      run: (l) => runProgram(goBin, [`${l.host}:${l.port}`, l.user, l.keyFile, l.algo === "rsa-sha2-256" ? "default" : l.algo, l.command]),
    },
  };
}

/** dbclient reads only dropbear's own key format: converts an OpenSSH/PEM key file once. */
export function dropbear(): SshClientProgram {
  const converted = new Map<string, Promise<string>>();
  return {
    name: "dropbear dbclient",
    // dbclient 2022.83 signs RSA with rsa-sha2-256 when the server lists it, and cannot be told otherwise.
    rsaAlgos: ["rsa-sha2-256"],
    async run(l) {
      let keyFile = converted.get(l.keyFile);
      if (!keyFile) {
        const target = `${l.keyFile}.dropbear`;
        keyFile = mustRun("dropbearconvert", ["openssh", "dropbear", l.keyFile, target]).then(() => target);
        converted.set(l.keyFile, keyFile);
      }
      // -y -y: accept the host key without recording it (a fresh instance, as provisioning tools do).
      return runProgram("dbclient", ["-y", "-y", "-i", await keyFile, "-p", String(l.port), `${l.user}@${l.host}`, l.command], { ...process.env, HOME: path.dirname(l.keyFile) });
    },
  };
}
