// Every sandbox a test starts gets its own /24 of loopback addresses: with only a /16 to pick from,
// two sandboxes of parallel test files (or of a test and a user) sometimes shared addresses, and an
// instance's SSH port then answered with another sandbox's host key.

export function uniqueIpPrefix(): string {
  return `127.${100 + Math.floor(Math.random() * 150)}.${Math.floor(Math.random() * 256)}`;
}
