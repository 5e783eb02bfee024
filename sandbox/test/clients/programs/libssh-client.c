/* A minimal client on libssh: logs in with a private key and runs one command.
 * Usage: libssh-client HOST PORT USER KEYFILE ALGO COMMAND
 * ALGO restricts the public key algorithms libssh may offer (e.g. rsa-sha2-512, ssh-rsa), or "default". */
#include <libssh/libssh.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(ssh_session s, const char *what) {
  fprintf(stderr, "libssh-client: %s: %s\n", what, ssh_get_error(s));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 7) return 2;
  int port = atoi(argv[2]);
  ssh_session s = ssh_new();
  ssh_options_set(s, SSH_OPTIONS_HOST, argv[1]);
  ssh_options_set(s, SSH_OPTIONS_PORT, &port);
  ssh_options_set(s, SSH_OPTIONS_USER, argv[3]);
  long timeout = 60; /* CI machines are busy; the default 10 s is tight when many clients connect at once */
  ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
  if (strcmp(argv[5], "default") != 0) ssh_options_set(s, SSH_OPTIONS_PUBLICKEY_ACCEPTED_TYPES, argv[5]);
  if (ssh_connect(s) != SSH_OK) return fail(s, "connect");
  ssh_key key;
  if (ssh_pki_import_privkey_file(argv[4], NULL, NULL, NULL, &key) != SSH_OK) return fail(s, "key");
  /* `none` first, as libssh's own ssh client does: it must be refused, naming publickey, and it lets
   * libssh read the server's EXT_INFO (server-sig-algs) before it picks an RSA signature algorithm. */
  if (ssh_userauth_none(s, NULL) != SSH_AUTH_DENIED) return fail(s, "none was not refused");
  if (!(ssh_userauth_list(s, NULL) & SSH_AUTH_METHOD_PUBLICKEY)) return fail(s, "publickey not among the allowed methods");
  /* The query first (SSH_MSG_USERAUTH_PK_OK expected), then the signed request, as ssh does. */
  if (ssh_userauth_try_publickey(s, NULL, key) != SSH_AUTH_SUCCESS) return fail(s, "publickey query");
  if (ssh_userauth_publickey(s, NULL, key) != SSH_AUTH_SUCCESS) return fail(s, "publickey");
  ssh_channel c = ssh_channel_new(s);
  if (ssh_channel_open_session(c) != SSH_OK || ssh_channel_request_exec(c, argv[6]) != SSH_OK) return fail(s, "exec");
  char buf[4096];
  int n;
  while ((n = ssh_channel_read(c, buf, sizeof buf, 0)) > 0) fwrite(buf, 1, n, stdout);
  ssh_channel_send_eof(c);
  int status = ssh_channel_get_exit_status(c);
  ssh_channel_close(c);
  ssh_disconnect(s);
  return status;
}
