#!/bin/sh
# A scripted AWS CLI session against the sandbox, as a person would type it. Against a running sandbox:
#   npx roll sandbox up && eval "$(npx roll sandbox env)" && sh sandbox/test/scripts/aws-cli-session.sh
# Uses AWS_ENDPOINT_URL (the CLI v2.9 ignores it, so it is passed as --endpoint-url), the region and
# keys from the environment. SESSION (default: a timestamp) keeps names unique between runs.
set -eu

: "${AWS_ENDPOINT_URL:?set it, e.g. eval \"\$(npx roll sandbox env)\"}"
REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
SESSION="${SESSION:-$(date +%s)}"
AWS="${AWS_CLI:-aws}"
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""
aws_() { "$AWS" --endpoint-url "$AWS_ENDPOINT_URL" --region "$REGION" "$@"; }
say() { printf '== %s %s\n' "$(date +%T)" "$*"; }

say "describe images"
BASE=$(aws_ ec2 describe-images --owners amazon --filters "Name=name,Values=sandbox-linux-base-*" \
  --query 'sort_by(Images,&CreationDate)[-1].ImageId' --output text)
echo "base image: $BASE"

say "run an instance and wait until it runs"
INSTANCE=$(aws_ ec2 run-instances --image-id "$BASE" --count 1 --instance-type t3.micro \
  --tag-specifications "ResourceType=instance,Tags=[{Key=session,Value=$SESSION}]" \
  --query 'Instances[0].InstanceId' --output text)
echo "instance: $INSTANCE"
aws_ ec2 wait instance-running --instance-ids "$INSTANCE"

say "console output"
aws_ ec2 get-console-output --instance-id "$INSTANCE" --latest --query Output --output text | grep -q "BEGIN SSH HOST KEY FINGERPRINTS"
echo "console shows the SSH host key fingerprints"

say "create an image and wait until it is available"
IMAGE=$(aws_ ec2 create-image --instance-id "$INSTANCE" --name "cli-session-$SESSION" --query ImageId --output text)
aws_ ec2 wait image-available --image-ids "$IMAGE"
echo "image: $IMAGE"

say "launch template (version 1: base image, version 2: the new image) and a group on version 1"
TEMPLATE=$(aws_ ec2 create-launch-template --launch-template-name "cli-session-$SESSION" \
  --launch-template-data "{\"ImageId\":\"$BASE\",\"InstanceType\":\"t3.micro\"}" \
  --query LaunchTemplate.LaunchTemplateId --output text)
aws_ ec2 create-launch-template-version --launch-template-id "$TEMPLATE" --source-version 1 \
  --launch-template-data "{\"ImageId\":\"$IMAGE\"}" --query LaunchTemplateVersion.VersionNumber --output text
GROUP="cli-session-$SESSION"
aws_ autoscaling create-auto-scaling-group --auto-scaling-group-name "$GROUP" \
  --launch-template "LaunchTemplateId=$TEMPLATE,Version=1" --min-size 1 --max-size 2 --desired-capacity 1 \
  --availability-zones "${REGION}a"

say "wait for the group's instance, then refresh it onto version 2"
tries=0
until [ "$(aws_ autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" \
  --query "length(AutoScalingGroups[0].Instances[?LifecycleState=='InService'])" --output text)" = "1" ]; do
  tries=$((tries + 1)); [ "$tries" -lt 120 ] || { echo "the group never got an InService instance" >&2; exit 1; }
  sleep 0.5
done
REFRESH=$(aws_ autoscaling start-instance-refresh --auto-scaling-group-name "$GROUP" \
  --desired-configuration "{\"LaunchTemplate\":{\"LaunchTemplateId\":\"$TEMPLATE\",\"Version\":\"2\"}}" \
  --preferences '{"MinHealthyPercentage":0,"InstanceWarmup":0}' --query InstanceRefreshId --output text)
echo "instance refresh: $REFRESH"
tries=0
while :; do
  STATUS=$(aws_ autoscaling describe-instance-refreshes --auto-scaling-group-name "$GROUP" \
    --instance-refresh-ids "$REFRESH" --query 'InstanceRefreshes[0].Status' --output text)
  echo "refresh status: $STATUS"
  case "$STATUS" in
    Successful) break ;;
    Failed|Cancelled|RollbackSuccessful|RollbackFailed) echo "the refresh ended $STATUS" >&2; exit 1 ;;
  esac
  tries=$((tries + 1)); [ "$tries" -lt 120 ] || { echo "the refresh did not finish" >&2; exit 1; }
  sleep 0.5
done
NEW=$(aws_ autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$GROUP" \
  --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)
aws_ ec2 describe-instances --instance-ids "$NEW" --query 'Reservations[0].Instances[0].ImageId' --output text | grep -qx "$IMAGE"
echo "the group's instance $NEW runs $IMAGE"

say "clean up"
aws_ autoscaling delete-auto-scaling-group --auto-scaling-group-name "$GROUP" --force-delete
aws_ ec2 terminate-instances --instance-ids "$INSTANCE" --query 'TerminatingInstances[0].CurrentState.Name' --output text
echo "session $SESSION done"
