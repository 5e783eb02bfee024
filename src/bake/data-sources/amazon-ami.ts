// data "amazon-ami": the image matching owners and filters (most_recent takes the newest; several
// matches without it are an error, as in Packer). Outputs: id, name, creation_date, owner, owner_name, tags.

import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { userError } from "../../engine/errors.js";
import type { Value } from "../../template/types.js";
import type { DataSourceLookup } from "./types.js";

export const amazonAmi: DataSourceLookup = async (config, { clients, region, signal }) => {
  const filters = (config.fields.filters ?? {}) as Record<string, string>;
  const owners = (config.fields.owners ?? []) as string[];
  const answer = await clients.ec2(region).send(
    new DescribeImagesCommand({
      ...(owners.length > 0 ? { Owners: owners } : {}),
      ...(config.fields.include_deprecated === true ? { IncludeDeprecated: true } : {}),
      Filters: Object.entries(filters).map(([Name, value]) => ({ Name, Values: [value] })),
    }),
    { abortSignal: signal },
  );
  const images = [...(answer.Images ?? [])].sort((a, b) => Date.parse(b.CreationDate ?? "") - Date.parse(a.CreationDate ?? ""));
  const at = { ...config.position, field: "filters" };
  if (images.length === 0) throw userError("data-source-empty", `no image matches the filters in ${region}`, at);
  if (images.length > 1 && config.fields.most_recent !== true) {
    throw userError("data-source-ambiguous", `${images.length} images match the filters in ${region}`, at, "narrow the filters or set most_recent = true");
  }
  const image = images[0]!;
  const tags: Record<string, Value> = Object.fromEntries((image.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
  return {
    outputs: { id: image.ImageId ?? "", name: image.Name ?? "", creation_date: image.CreationDate ?? "", owner: image.OwnerId ?? "", owner_name: image.ImageOwnerAlias ?? "", tags },
    sensitive: false,
  };
};
