// A temporary security group that lets SSH in, only when the user named none.

import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from "@aws-sdk/client-ec2";
import type { Step } from "../../engine/steps.js";
import { awsErrorCode, call } from "./aws.js";
import { deleteSecurityGroup } from "./security-groups.js";
import type { EbsState } from "./state.js";
import { tagSpec, temporaryTags } from "./tags.js";

export const createSecurityGroup: Step<EbsState> = {
  name: "security-group",
  async run(state, { signal, emit }) {
    const { config } = state;
    if (config.securityGroupIds.length > 0) {
      state.securityGroupIds = config.securityGroupIds;
      return;
    }
    const result = await call("CreateSecurityGroup", () =>
      state.ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: `roll-${state.bakeId}`,
          Description: `Temporary SSH access for roll bake ${state.bakeId}`,
          ...(config.vpcId ? { VpcId: config.vpcId } : {}),
          TagSpecifications: [tagSpec("security-group", temporaryTags(state.bakeId, state.app, { Name: `roll builder ${state.app}` }))],
        }),
        { abortSignal: signal },
      ),
    );
    const groupId = result.GroupId!;
    state.createdSecurityGroupId = groupId;
    state.securityGroupIds = [groupId];
    emit({ type: "resource", action: "created", kind: "security-group", id: groupId });
    await call("AuthorizeSecurityGroupIngress", () =>
      state.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: "tcp",
              FromPort: config.sshPort,
              ToPort: config.sshPort,
              IpRanges: config.temporarySecurityGroupCidrs.map((CidrIp) => ({ CidrIp, Description: "roll bake SSH" })),
            },
          ],
        }),
        { abortSignal: signal },
      ),
    );
  },
  async cleanup(state, { signal, emit }) {
    const groupId = state.createdSecurityGroupId;
    if (!groupId) return;
    try {
      await deleteSecurityGroup(state.ec2, groupId, signal);
    } catch (error) {
      emit({ type: "resource", action: "delete-failed", kind: "security-group", id: groupId, detail: `${awsErrorCode(error)}: ${(error as Error).message}` });
      throw error;
    }
    state.createdSecurityGroupId = undefined;
    emit({ type: "resource", action: "deleted", kind: "security-group", id: groupId });
  },
};
