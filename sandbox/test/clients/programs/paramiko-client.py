"""A minimal client on paramiko: logs in with a private key and runs one command, or probes the
server's answers to `none` and keyboard-interactive.
Usage: paramiko-client.py HOST PORT USER KEYFILE ALGO COMMAND   (ALGO: rsa-sha2-256|rsa-sha2-512|ssh-rsa|default)
       paramiko-client.py HOST PORT USER --probe-methods"""
import socket
import sys

import paramiko

RSA_ALGOS = ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]


def load_key(path):
    for cls in (paramiko.RSAKey, paramiko.Ed25519Key, paramiko.ECDSAKey):
        try:
            return cls.from_private_key_file(path)
        except (paramiko.SSHException, ValueError):
            continue
    raise SystemExit("paramiko-client: unreadable key " + path)


def transport(host, port, disabled=None):
    t = paramiko.Transport(socket.create_connection((host, int(port)), timeout=10), disabled_algorithms=disabled)
    t.start_client(timeout=10)
    return t


def probe_methods(host, port, user):
    for attempt in ("none", "keyboard-interactive"):
        t = transport(host, port)
        try:
            if attempt == "none":
                t.auth_none(user)
            else:
                t.auth_interactive(user, lambda title, instructions, prompts: ["" for _ in prompts])
            print(attempt, "accepted")
        except paramiko.BadAuthenticationType as e:
            print(attempt, "refused, allowed:", ",".join(e.allowed_types))
        finally:
            t.close()


def run(host, port, user, key_file, algo, command):
    disabled = None
    if algo in RSA_ALGOS:
        disabled = {"pubkeys": [a for a in RSA_ALGOS if a != algo]}
    t = transport(host, port, disabled)
    try:
        t.auth_publickey(user, load_key(key_file))
        channel = t.open_session()
        channel.exec_command(command)
        out = channel.makefile("rb").read()
        sys.stdout.write(out.decode())
        sys.exit(channel.recv_exit_status())
    finally:
        t.close()


if __name__ == "__main__":
    if sys.argv[4] == "--probe-methods":
        probe_methods(*sys.argv[1:4])
    else:
        run(*sys.argv[1:7])
