#!/bin/sh
# A scripted Azure CLI session against the sandbox's Azure face, as a person would type it:
#   npx roll sandbox up && eval "$(npx roll sandbox env)" && sh sandbox/test/scripts/az-cli-session.sh
# Needs AZURE_CONFIG_DIR (prepared by the sandbox: cloud registered, service principal logged in) and
# REQUESTS_CA_BUNDLE from `roll sandbox env`. SESSION (default: a timestamp) keeps names unique.
# With SCALE_SET=group/name it also reads that scale set, its instances and its latest rolling upgrade.
set -eu

: "${AZURE_CONFIG_DIR:?set it, e.g. eval \"\$(npx roll sandbox env)\"}"
SESSION="${SESSION:-$(date +%s)}"
AZ="${AZ_CLI:-az}"
LOCATION="${LOCATION:-eastus}"
GROUP="rg-$SESSION"
say() { printf '== %s %s\n' "$(date +%T)" "$*"; }

say "the active cloud and account"
"$AZ" account show --query '{cloud: environmentName, user: user.type}' -o tsv

say "create a resource group and show it"
"$AZ" group create -n "$GROUP" -l "$LOCATION" --tags session="$SESSION" --query properties.provisioningState -o tsv
echo "shown: $("$AZ" group show -n "$(echo "$GROUP" | tr a-z A-Z)" --query "join(' ', [name, location, tags.session])" -o tsv)"

say "a group that does not exist"
if "$AZ" group show -n "missing-$SESSION" 2>missing.err; then echo "unexpected: the missing group was found"; exit 1; fi
echo "missing group error: $(grep -o 'ResourceGroupNotFound' missing.err | head -1)"

say "delete the group (long-running) and see it gone"
"$AZ" group delete -n "$GROUP" --yes
echo "exists after delete: $("$AZ" group exists -n "$GROUP")"
say "session $SESSION done"
