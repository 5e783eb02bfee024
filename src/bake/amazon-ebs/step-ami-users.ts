// ami_users: share the image (and its copies) with other accounts through launch permissions.
// A target that does not implement ModifyImageAttribute (the sandbox, for now) fails the bake with
// a clear message rather than pretending the image was shared.

import { ModifyImageAttributeCommand } from "@aws-sdk/client-ec2";
import { RollError } from "../../engine/errors.js";
import type { Step } from "../../engine/steps.js";
import { awsErrorCode, cloudError } from "./aws.js";
import type { EbsState } from "./state.js";

const UNSUPPORTED = new Set(["InvalidAction", "UnsupportedOperation", "NotImplemented", "UnknownOperationException"]);

export const shareWithUsers: Step<EbsState> = {
  name: "ami-users",
  async run(state, { signal, emit }) {
    const users = state.config.amiUsers;
    if (users.length === 0 || !state.image) return;
    const targets: Array<[string, string]> = [[state.region, state.image.imageId], ...Object.entries(state.copies).map(([r, c]): [string, string] => [r, c.imageId])];
    for (const [region, imageId] of targets) {
      try {
        await state.clients.ec2(region).send(
          new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: users.map((UserId) => ({ UserId })) } }),
          { abortSignal: signal },
        );
      } catch (error) {
        const code = awsErrorCode(error);
        if (code && UNSUPPORTED.has(code)) {
          throw new RollError(
            "ami-users-unsupported",
            `ami_users is not supported by the ${state.clients.target.kind} cloud: ModifyImageAttribute answered ${code}; the image was not shared with ${users.join(", ")}`,
            { fault: "user", location: { ...state.config.sourceLocation, field: "ami_users" }, cause: error, hint: "remove ami_users for this target" },
          );
        }
        throw cloudError("ModifyImageAttribute", error);
      }
      emit({ type: "log", level: "info", message: `image ${imageId} (${region}) shared with ${users.join(", ")}` });
    }
  },
};
