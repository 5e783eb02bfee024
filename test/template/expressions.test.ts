import { describe, expect, it } from "vitest";
import { MINIMAL_BUILD, MINIMAL_SOURCE, evalLocals, load, loadError, writeFiles } from "./helpers.js";

describe("strings and heredocs", () => {
  it("interpolates, escapes and keeps a lone interpolation's type", async () => {
    const values = await evalLocals(`
  n       = 2
  list    = ["a", "b"]
  text    = "n=\${local.n} \\"quoted\\" tab\\tend \\u00e9 $\${literal} %%{literal}"
  same    = "\${local.list}"
  strip   = "a   \${~ "b" ~}   c"
  context = "{{ .Vars }} {{.Path}} sudo -S sh -c '{{ .Vars }} {{ .Path }}'"`);
    expect(values.text).toBe('n=2 "quoted" tab\tend é ${literal} %{literal}');
    expect(values.same).toEqual(["a", "b"]);
    expect(values.strip).toBe("abc");
    expect(values.context).toBe("{{ .Vars }} {{.Path}} sudo -S sh -c '{{ .Vars }} {{ .Path }}'");
  });

  it("reads heredocs, and strips indentation for <<- with an indented closer", async () => {
    const values = await evalLocals(`
  plain = <<EOF
#!/bin/sh
echo "\${upper("x")}"
EOF
  indented = <<-EOT
    line one
      line two
    EOT
  closer = <<EOF
  kept as written
  EOF
`);
    expect(values.plain).toBe('#!/bin/sh\necho "X"\n');
    expect(values.indented).toBe("line one\n  line two\n");
    expect(values.closer).toBe("  kept as written\n");
  });

  it("supports template directives", async () => {
    const values = await evalLocals(`
  items = ["a", "b"]
  joined = "%{ for i, x in local.items }\${i}:\${x};%{ endfor }"
  branch = "%{ if length(local.items) > 1 }many%{ else }few%{ endif }"
  lines = <<-EOT
    %{~ for x in local.items ~}
    item \${x}
    %{~ endfor ~}
    EOT
`);
    expect(values.joined).toBe("0:a;1:b;");
    expect(values.branch).toBe("many");
    expect(values.lines).toBe("item aitem b");
  });
});

describe("expressions", () => {
  it("evaluates operators, conditionals, index, splat and for expressions", async () => {
    const values = await evalLocals(`
  math     = 1 + 2 * 3 - 4 / 2 % 3
  logic    = !false && (1 < 2 || false) && "a" == "a" && [1] != [2]
  pick     = local.math > 4 ? "big" : "small"
  disks    = [{ name = "a", size = 10 }, { name = "b", size = 20 }]
  first    = local.disks[0].name
  legacy   = local.disks.1.size
  names    = local.disks[*].name
  sizes    = local.disks.*.size
  upper    = [for d in local.disks : upper(d.name) if d.size > 10]
  byname   = { for d in local.disks : d.name => d.size }
  indexed  = [for i, d in local.disks : "\${i}-\${d.name}"]
  grouped  = { for s in ["x1", "x2", "y1"] : substr(s, 0, 1) => s... }
  mapiter  = [for k, v in { b = 2, a = 1 } : "\${k}=\${v}"]
  neg      = -local.math
  keyexpr  = { (local.pick) = true, "quoted key" = 1 }
`);
    expect(values.math).toBe(5);
    expect(values.logic).toBe(true);
    expect(values.pick).toBe("big");
    expect(values.first).toBe("a");
    expect(values.legacy).toBe(20);
    expect(values.names).toEqual(["a", "b"]);
    expect(values.sizes).toEqual([10, 20]);
    expect(values.upper).toEqual(["B"]);
    expect(values.byname).toEqual({ a: 10, b: 20 });
    expect(values.indexed).toEqual(["0-a", "1-b"]);
    expect(values.grouped).toEqual({ x: ["x1", "x2"], y: ["y1"] });
    expect(values.mapiter).toEqual(["a=1", "b=2"]);
    expect(values.neg).toBe(-5);
    expect(values.keyexpr).toEqual({ big: true, "quoted key": 1 });
  });

  it("locals refer to each other in any order and across local blocks; cycles are errors", async () => {
    const template = await load(`${MINIMAL_SOURCE}${MINIMAL_BUILD}
locals { full = "\${local.prefix}-\${var.env}" }
local "prefix" { expression = "app" }
variable "env" { default = "prod" }`);
    expect(template.locals!.full!.value).toBe("app-prod");
    const error = await loadError(`${MINIMAL_SOURCE}${MINIMAL_BUILD}\nlocals {\n  a = local.b\n  b = local.a\n}\n`);
    expect(error.message).toMatch(/cycle: local\.(a|b) -> local\.(a|b) -> local\.(a|b)/);
  });

  it("path.root is the template's folder and path.cwd the working directory", async () => {
    const template = await load(`${MINIMAL_SOURCE}${MINIMAL_BUILD}\nlocals {\n  root = path.root\n  cwd = path.cwd\n}\n`, { cwd: "/tmp" });
    expect(template.locals!.root!.value).toBe(template.root);
    expect(template.locals!.cwd!.value).toBe("/tmp");
  });

  it("errors inside expressions name the problem and position", async () => {
    const error = await loadError(`${MINIMAL_SOURCE}${MINIMAL_BUILD}\nlocals {\n  x = [1, 2][5]\n}\n`);
    expect(error.message).toBe("index 5 is out of range for a list of 2");
    expect(error.location).toMatchObject({ field: "x", column: 14 });
    const unknown = await loadError(`${MINIMAL_SOURCE}${MINIMAL_BUILD}\nlocals {\n  x = nosuchfn(1)\n}\n`);
    expect(unknown.message).toBe('unknown function "nosuchfn"');
  });
});

describe("functions", () => {
  const now = new Date("2024-03-04T05:06:07Z");

  it("string functions", async () => {
    const values = await evalLocals(
      `
  a = lower("ABC")
  b = upper("abc")
  c = trimspace("  x \\n")
  d = join("-", ["a", "b"], ["c"])
  e = split(",", "a,b,c")
  f = replace("a.b.c", ".", "/")
  g = replace("v1.2.3", "/[0-9]/", "N")
  h = regex_replace("app-2024-01", "(\\\\d+)-(\\\\d+)", "$2.$1")
  i = format("%s-%03d-%.1f-%v", "x", 7, 1.26, true)
  j = startswith("packer", "pack") && endswith("packer", "er")
  k = regex("^(?P<name>[a-z]+)-(?P<num>\\\\d+)$", "web-42")
  l = tostring(5)
  m = tonumber("2.5")`,
      { now },
    );
    expect(values).toMatchObject({
      a: "abc",
      b: "ABC",
      c: "x",
      d: "a-b-c",
      e: ["a", "b", "c"],
      f: "a/b/c",
      g: "vN.N.N",
      h: "app-01.2024",
      i: "x-007-1.3-true",
      j: true,
      k: { name: "web", num: "42" },
      l: "5",
      m: 2.5,
    });
  });

  it("collection and numeric functions", async () => {
    const values = await evalLocals(`
  a = merge({ a = 1, b = 1 }, { b = 2 })
  b = concat([1], [2, 3])
  c = lookup({ a = 1 }, "b", "fallback")
  d = coalesce("", null, "x")
  e = element(["a", "b"], 3)
  f = contains(["a"], "a")
  g = length("héllo") + length([1, 2]) + length({ a = 1 })
  h = keys({ b = 1, a = 2 })
  i = values({ b = 1, a = 2 })
  j = min(3, 1, 2) + max([4, 9]...) + abs(-1)
  k = try(local.missing_thing, "fallback")
  l = can(tonumber("x"))
  m = try(tonumber("7"), 0)`);
    expect(values).toMatchObject({
      a: { a: 1, b: 2 },
      b: [1, 2, 3],
      c: "fallback",
      d: "x",
      e: "b",
      f: true,
      g: 8,
      h: ["a", "b"],
      i: [2, 1],
      j: 11,
      k: "fallback",
      l: false,
      m: 7,
    });
  });

  it("encoding and hashing functions", async () => {
    const values = await evalLocals(`
  a = base64encode("hello")
  b = base64decode("aGVsbG8=")
  c = sha256("abc")
  d = md5("abc")
  e = jsonencode({ b = [1, true], a = "x" })
  f = jsondecode("{\\"k\\": [1, 2]}")`);
    expect(values).toMatchObject({
      a: "aGVsbG8=",
      b: "hello",
      c: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      d: "900150983cd24fb0d6963f7d28e17f72",
      e: '{"a":"x","b":[1,true]}',
      f: { k: [1, 2] },
    });
  });

  it("time functions use one build-start time; legacy placeholders render", async () => {
    const values = await evalLocals(
      `
  a = timestamp()
  b = formatdate("YYYY-MM-DD'T'hh:mm", timestamp())
  c = timeadd("2024-01-01T00:00:00Z", "90m")
  d = legacy_isotime("2006-01-02 15:04:05")
  e = uuidv4()`,
      { now },
    );
    expect(values.a).toBe("2024-03-04T05:06:07Z");
    expect(values.b).toBe("2024-03-04T05:06");
    expect(values.c).toBe("2024-01-01T01:30:00Z");
    expect(values.d).toBe("2024-03-04 05:06:07");
    expect(values.e).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const template = await load(
      MINIMAL_SOURCE.replace(
        'ami_name      = "app"',
        'ami_name = "app-{{timestamp}}-{{isotime \\"20060102\\"}}-{{ isotime }}"\n  ami_description = "{{uuid}}"',
      ) + MINIMAL_BUILD,
      { now },
    );
    const fields = template.builds[0]!.sources[0]!.fields;
    expect(fields.ami_name).toBe(`app-${now.getTime() / 1000}-20240304-2024-03-04T05:06:07Z`);
    expect(fields.ami_description).toMatch(/^[0-9a-f-]{36}$/);
    const error = await loadError(MINIMAL_SOURCE.replace('ami_name      = "app"', 'ami_name = "{{user `x`}}"') + MINIMAL_BUILD);
    expect(error.message).toBe('unsupported legacy placeholder "{{user `x`}}"');
    expect(error.location?.field).toBe("ami_name");
  });

  it("file() and templatefile() read files relative to the working directory", async () => {
    const dir = writeFiles({
      "motd.txt": "hello\n",
      "user-data.tpl": "#!/bin/sh\n%{ for p in packages ~}\napt-get install -y ${p}\n%{ endfor ~}\necho ${name}",
    });
    const values = await evalLocals(
      `
  a = file("motd.txt")
  b = templatefile("user-data.tpl", { packages = ["nginx", "curl"], name = "web" })
  c = file("\${path.root}/beside.txt")`,
      { cwd: dir },
      { "beside.txt": "next to the template" },
    );
    expect(values.a).toBe("hello\n");
    expect(values.b).toBe("#!/bin/sh\napt-get install -y nginx\napt-get install -y curl\necho web");
    expect(values.c).toBe("next to the template");
  });
});
