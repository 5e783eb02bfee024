// Runs one command on a sandbox instance over SSH (ssh2 client) and returns stdout and stderr together.

import { Client } from "ssh2";

export function sshExec(host: string, privateKey: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on("ready", () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let out = "";
          stream.on("data", (d: Buffer) => (out += d.toString()));
          stream.stderr.on("data", (d: Buffer) => (out += d.toString()));
          stream.on("close", () => {
            client.end();
            resolve(out);
          });
        });
      })
      .on("error", reject)
      .connect({ host, port: 22, username: "ec2-user", privateKey, readyTimeout: 10_000 });
  });
}
