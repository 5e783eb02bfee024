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

say "a gallery and an image definition"
"$AZ" sig create -g "$GROUP" -r "gal_$SESSION" --query provisioningState -o tsv
"$AZ" sig image-definition create -g "$GROUP" -r "gal_$SESSION" -i app --publisher roll --offer app --sku web \
  --os-type Linux --os-state Generalized --hyper-v-generation V2 --query provisioningState -o tsv
echo "definitions: $("$AZ" sig image-definition list -g "$GROUP" -r "gal_$SESSION" --query "join(' ', [].[name, osState, identifier.publisher][])" -o tsv)"

# Debian's azure-cli 2.45 ships compute and network SDKs that lack `vm image list`'s operation group and
# `network vnet create`'s enums (a packaging bug: both fail before sending a request), so the session
# reads the catalogue with `az rest` and creates the network with `az resource create`, both az commands.
say "marketplace images"
OFFER_PATH="/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/$LOCATION/publishers/Canonical/artifacttypes/vmimage/offers"
echo "ubuntu offers: $("$AZ" rest --method get --url "$OFFER_PATH?api-version=2022-11-01" --query "join(' ', [].name)" -o tsv)"
echo "ubuntu versions: $("$AZ" rest --method get \
  --url "$OFFER_PATH/0001-com-ubuntu-server-jammy/skus/22_04-lts-gen2/versions?api-version=2022-11-01" --query "join(' ', [].name)" -o tsv)"

say "a virtual network, and the group's resources"
"$AZ" resource create -g "$GROUP" -n vnet --resource-type Microsoft.Network/virtualNetworks --api-version 2023-09-01 -l "$LOCATION" \
  --properties '{"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [{"name": "default", "properties": {"addressPrefix": "10.0.0.0/24"}}]}' \
  --query properties.provisioningState -o tsv
echo "resources: $("$AZ" resource list -g "$GROUP" --query "join(' ', sort([].type))" -o tsv)"

say "delete the group (long-running) and see it gone"
"$AZ" group delete -n "$GROUP" --yes
echo "exists after delete: $("$AZ" group exists -n "$GROUP")"

if [ -n "${SCALE_SET:-}" ]; then
  SS_GROUP="${SCALE_SET%%/*}" SS_NAME="${SCALE_SET#*/}"
  # Debian's azure-cli 2.45 lacks the compute SDK version its `latest` profile names for scale sets (it
  # fails before sending a request); the Azure Stack profile's compute API version is packaged.
  "$AZ" cloud update --profile 2020-09-01-hybrid
  say "a scale set, its instances and its latest rolling upgrade"
  echo "scale set: $("$AZ" vmss show -g "$SS_GROUP" -n "$SS_NAME" --query "join(' ', [name, upgradePolicy.mode, to_string(sku.capacity), provisioningState])" -o tsv)"
  echo "instances: $("$AZ" vmss list-instances -g "$SS_GROUP" -n "$SS_NAME" --query "join(' ', [].join(':', [instanceId, to_string(latestModelApplied), provisioningState]))" -o tsv)"
  echo "rolling upgrade: $("$AZ" vmss rolling-upgrade get-latest -g "$SS_GROUP" -n "$SS_NAME" \
    --query "join(' ', [runningStatus.code, to_string(progress.successfulInstanceCount), to_string(progress.failedInstanceCount), policy.pauseTimeBetweenBatches])" -o tsv)"
  "$AZ" cloud update --profile latest
fi
say "session $SESSION done"
