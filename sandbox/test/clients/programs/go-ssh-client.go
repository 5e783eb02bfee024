// A minimal client on Go's golang.org/x/crypto/ssh (the library of Packer and Terraform): logs in with
// a private key and runs one command. Usage: go-ssh-client HOST:PORT USER KEYFILE ALGO COMMAND
// ALGO "ssh-rsa" hides the key's SHA-2 signers, so the client signs as ssh-rsa; "default" leaves the
// choice to the library (rsa-sha2-256 for RSA keys when the server lists it in server-sig-algs).
package main

import (
	"fmt"
	"os"

	"golang.org/x/crypto/ssh"
)

// sha1Only is an ssh.Signer that is not an AlgorithmSigner, so the library can only use ssh-rsa.
type sha1Only struct{ ssh.Signer }

func main() {
	addr, user, keyFile, algo, command := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5]
	pem, err := os.ReadFile(keyFile)
	check(err)
	signer, err := ssh.ParsePrivateKey(pem)
	check(err)
	if algo == "ssh-rsa" {
		signer = sha1Only{signer}
	}
	config := &ssh.ClientConfig{User: user, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, HostKeyCallback: ssh.InsecureIgnoreHostKey()}
	client, err := ssh.Dial("tcp", addr, config)
	check(err)
	session, err := client.NewSession()
	check(err)
	out, err := session.CombinedOutput(command)
	os.Stdout.Write(out)
	check(err)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-ssh-client:", err)
		os.Exit(1)
	}
}
