// The temporary key pair the builder is reached with. The private key comes back once, in the
// CreateKeyPair answer, and stays in memory; the pair is deleted whatever happens.

import { CreateKeyPairCommand, DeleteKeyPairCommand } from "@aws-sdk/client-ec2";
import type { Step } from "../../engine/steps.js";
import { call } from "./aws.js";
import type { EbsState } from "./state.js";
import { tagSpec, temporaryTags } from "./tags.js";

export const createKeyPair: Step<EbsState> = {
  name: "key-pair",
  async run(state, { signal, emit }) {
    const { config } = state;
    if (config.communicator === "none" && !config.sshKeypairName) return;
    if (config.sshKeypairName) {
      state.keyPairName = config.sshKeypairName;
      state.privateKey = config.sshPrivateKey;
      return;
    }
    const name = `roll-${state.bakeId}`;
    const result = await call("CreateKeyPair", () =>
      state.ec2.send(
        new CreateKeyPairCommand({
          KeyName: name,
          KeyType: config.temporaryKeyPairType,
          TagSpecifications: [tagSpec("key-pair", temporaryTags(state.bakeId, state.app, { Name: `roll builder ${state.app}` }))],
        }),
        { abortSignal: signal },
      ),
    );
    state.createdKeyPairName = name;
    state.keyPairName = name;
    if (!result.KeyMaterial) throw new Error("CreateKeyPair returned no key material");
    state.privateKey = result.KeyMaterial;
    emit({ type: "resource", action: "created", kind: "key-pair", id: name, detail: config.temporaryKeyPairType });
  },
  async cleanup(state, { signal, emit }) {
    const name = state.createdKeyPairName;
    state.privateKey = undefined;
    if (!name) return;
    try {
      await call("DeleteKeyPair", () => state.ec2.send(new DeleteKeyPairCommand({ KeyName: name }), { abortSignal: signal }));
      state.createdKeyPairName = undefined;
      emit({ type: "resource", action: "deleted", kind: "key-pair", id: name });
    } catch (error) {
      emit({ type: "resource", action: "delete-failed", kind: "key-pair", id: name, detail: (error as Error).message });
      throw error;
    }
  },
};
