// The wire helpers on their own: flattened-list decoding, the XML writer, filters with wildcards.

import { describe, expect, it } from "vitest";
import { FormParams } from "../src/wire/form.js";
import { renderXml } from "../src/wire/xml.js";
import { wildcardToRegExp } from "../src/model/filters.js";
import { routeRequest } from "../src/wire/route.js";

describe("FormParams", () => {
  it("decodes EC2's Name.N lists, nested structures and treats empty values as absent", () => {
    const p = FormParams.parse("Filter.2.Name=b&Filter.1.Name=a&Filter.1.Value.1=x&Filter.1.Value.2=y&SubnetId=&LaunchTemplate.Version=%24Latest", "ec2");
    expect(p.list("Filter").map((f) => [f.str("Name"), f.strings("Value")])).toEqual([["a", ["x", "y"]], ["b", []]]);
    expect(p.str("SubnetId")).toBeUndefined();
    expect(p.struct("LaunchTemplate").str("Version")).toBe("$Latest");
    expect(() => p.required("ImageId")).toThrow(/ImageId/);
  });

  it("decodes awsQuery's Name.member.N lists, including an empty list sent as Name=", () => {
    const p = FormParams.parse("AutoScalingGroupNames.member.1=a&AutoScalingGroupNames.member.10=c&AutoScalingGroupNames.member.2=b&Preferences.CheckpointPercentages=", "member");
    expect(p.strings("AutoScalingGroupNames")).toEqual(["a", "b", "c"]);
    expect(p.struct("Preferences").strings("CheckpointPercentages")).toEqual([]);
  });
});

describe("renderXml", () => {
  it("writes lists with the protocol's item name, ISO timestamps with Z, lowercase booleans, escaped text, empty lists present", () => {
    const xml = renderXml("x", { a: [{ b: "1 < 2" }], t: new Date(0), ok: false, none: undefined, Instances: [] }, "item");
    expect(xml).toBe("<x><a><item><b>1 &lt; 2</b></item></a><t>1970-01-01T00:00:00.000Z</t><ok>false</ok><Instances></Instances></x>");
  });
});

describe("filters", () => {
  it("matches * and ? wildcards and escapes", () => {
    expect(wildcardToRegExp("web-*").test("web-1.2.3")).toBe(true);
    expect(wildcardToRegExp("web-?").test("web-12")).toBe(false);
    expect(wildcardToRegExp("a\\*b").test("a*b")).toBe(true);
    expect(wildcardToRegExp("a\\*b").test("axb")).toBe(false);
    expect(wildcardToRegExp("x.y").test("xzy")).toBe(false);
  });
});

describe("routeRequest", () => {
  it("routes by Version, else by the SigV4 scope, and takes the region from the scope", () => {
    const auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/autoscaling/aws4_request, SignedHeaders=host, Signature=x";
    expect(routeRequest(undefined, auth)).toEqual({ service: "autoscaling", region: "eu-west-1" });
    expect(routeRequest("2016-11-15", auth)).toEqual({ service: "ec2", region: "eu-west-1" });
    expect(routeRequest(undefined, undefined)).toEqual({ service: undefined, region: undefined });
  });
});
