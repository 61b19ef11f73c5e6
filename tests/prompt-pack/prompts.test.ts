import { describe, expect, it } from "vitest";
import { catalogPromptNames } from "../../ccw/src/coordinator/units.js";
import { expandPrompt, listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";
import { ARTIFACT_SHAPES } from "./artifact-shapes.js";
import {
  BINDING_NAMES,
  hintKeys,
  loadPack,
  PACK_DIR,
  PackFrontmatter,
  parsePackPrompt,
  relativeTo,
} from "./pack.js";

const pack = loadPack();
const byName = new Map(pack.map((prompt) => [prompt.name, prompt]));

/** Distinct values, so a test can see each one landed where its placeholder was. */
const BINDINGS: Record<(typeof BINDING_NAMES)[number], string> = {
  TASK: "Fix the login timeout in src/auth (it costs us $$ and 100%)",
  SESSION_DIR: "/ws/.workflow/.codex-coordinator/codex-coord-20261121-143025-7f3a",
  ARTIFACT_DIR:
    "/ws/.workflow/.codex-coordinator/codex-coord-20261121-143025-7f3a/steps/02-execute/artifacts",
  PREV_ARTIFACT_DIR:
    "/ws/.workflow/.codex-coordinator/codex-coord-20261121-143025-7f3a/steps/01-lite-plan-a/artifacts",
  PREV_OUTPUT:
    "/ws/.workflow/.codex-coordinator/codex-coord-20261121-143025-7f3a/steps/01-lite-plan-a/last-message.md",
  DEPTH: "deep",
};

const REQUIRED_SECTIONS = [
  "Goal",
  "Inputs",
  "Reads",
  "Writes",
  "Ground rules",
  "Steps",
  "Final message",
];

describe("the prompt pack", () => {
  it("has a file for every prompt the unit catalog uses", () => {
    const missing = catalogPromptNames().filter((name) => !byName.has(name));
    expect(missing, `missing in ${PACK_DIR}`).toEqual([]);
  });

  it("holds only prompts the catalog uses (a new prompt needs a unit first)", () => {
    expect(pack.map((prompt) => prompt.name)).toEqual(catalogPromptNames());
  });
});

describe.each(pack.map((prompt) => [prompt.name, prompt] as const))("%s", (name, prompt) => {
  it("has valid frontmatter: description, argument-hint, category", () => {
    expect(prompt.frontmatterProblems).toEqual([]);
    const parsed = PackFrontmatter.safeParse(prompt.frontmatter);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it("uses named placeholders only, all of them coordinator bindings, TASK and ARTIFACT_DIR among them", () => {
    const placeholders = listPlaceholders(prompt.body);
    expect(placeholders.mode).toBe("named");
    const unknown = placeholders.named.filter(
      (n) => !(BINDING_NAMES as readonly string[]).includes(n),
    );
    expect(unknown, "placeholders the coordinator cannot bind").toEqual([]);
    expect(placeholders.named).toEqual(expect.arrayContaining(["TASK", "ARTIFACT_DIR"]));
    expect(prompt.body).not.toMatch(/\$[0-9]|\$ARGUMENTS|\$\{/);
  });

  it("names exactly its placeholders in argument-hint", () => {
    const hint = PackFrontmatter.parse(prompt.frontmatter)["argument-hint"];
    expect([...hintKeys(hint)].sort()).toEqual(listPlaceholders(prompt.body).named);
  });

  it("expands with the coordinator's bindings, leaving no placeholder behind", () => {
    const result = expandPrompt(prompt.body, { kind: "bindings", bindings: BINDINGS });
    if (!result.ok) throw new Error(result.error);
    expect(result.text).not.toMatch(/\$[A-Z0-9]/);
    for (const key of listPlaceholders(prompt.body).named) {
      expect(result.text).toContain(BINDINGS[key as keyof typeof BINDINGS]);
    }
    // Values are inserted literally: the `$$` inside the task survives as written.
    expect(result.text).toContain("costs us $$ and 100%");
  });

  it("fails to expand when a binding it uses is missing (the check above can fail)", () => {
    const { ARTIFACT_DIR: _dropped, ...rest } = BINDINGS;
    const result = expandPrompt(prompt.body, { kind: "bindings", bindings: rest });
    expect(result).toEqual({ ok: false, error: "no value bound for placeholder $ARTIFACT_DIR" });
  });

  it("reads naturally once expanded: the task once, on its own line; depth only as a value", () => {
    // A task can be long, multi-line and full of backticks: it gets one line of its own.
    expect(prompt.body.match(/\$TASK/g)).toHaveLength(1);
    expect(prompt.sections.get("Goal")).toMatch(/^[A-Z][a-z ]+: \$TASK$/m);
    // "With `$DEPTH` deep" would reach Codex as "With `standard` deep".
    const depthUses = prompt.body.match(/.{0,8}\$DEPTH.{0,2}/g) ?? [];
    for (const use of depthUses) expect(use).toMatch(/Depth: `\$DEPTH` |\(`\$DEPTH`\)/);
  });

  it("has the sections a non-interactive run needs", () => {
    const missing = REQUIRED_SECTIONS.filter((section) => !prompt.sections.has(section));
    expect(missing).toEqual([]);
    expect(prompt.body).toMatch(/Nobody can answer\s+questions during this run/);
  });

  it("states the final message shape: a STATUS line and the files written", () => {
    const final = prompt.sections.get("Final message") ?? "";
    expect(final).toMatch(/^STATUS: ok$/m);
    expect(final).toMatch(/^Files:$/m);
    expect(final).toContain("STATUS: blocked");
  });

  it("lists its reads and writes in the machine-readable format", () => {
    expect(prompt.malformed).toEqual([]);
    expect(prompt.writes.length).toBeGreaterThan(0);
    for (const entry of prompt.writes) {
      expect(entry.path, "a prompt writes only inside its artifacts folder").toMatch(
        /^\$ARTIFACT_DIR\//,
      );
    }
    for (const entry of prompt.reads) {
      expect(entry.path).toMatch(/^\$(PREV_ARTIFACT_DIR\/|PREV_OUTPUT$)/);
    }
  });

  it("writes error.json when blocked, and shows its shape", () => {
    const error = prompt.writes.find((entry) => entry.path === "$ARTIFACT_DIR/error.json");
    expect(error?.qualifier).toBe("when blocked");
    const example = prompt.examples.find((e) => e.tag === "error.json");
    expect(example).toBeDefined();
    expect(JSON.parse(example?.text ?? "{}")).toMatchObject({ prompt: name });
  });

  it("shows a valid example of every JSON file it writes (copies of what it reads excepted)", () => {
    const copied = new Set(prompt.reads.map((entry) => relativeTo(entry, "PREV_ARTIFACT_DIR")));
    const jsonWrites = prompt.writes
      .map((entry) => relativeTo(entry, "ARTIFACT_DIR"))
      .filter((file): file is string => file?.endsWith(".json") === true && !copied.has(file));
    for (const file of jsonWrites) {
      expect(Object.keys(ARTIFACT_SHAPES), `${file} has a documented shape`).toContain(file);
      expect(
        prompt.examples.map((e) => e.tag),
        `${file} has an example block`,
      ).toContain(file);
    }
  });

  it("has only example blocks that parse with their documented shape", () => {
    expect(prompt.examples.length).toBeGreaterThan(0);
    for (const example of prompt.examples) {
      const shape = ARTIFACT_SHAPES[example.tag];
      expect(shape, `no shape for example tag ${example.tag}`).toBeDefined();
      const parsed = shape?.safeParse(JSON.parse(example.text));
      expect(parsed?.success ? [] : parsed?.error.issues, `${name}: ${example.tag}`).toEqual([]);
      const value: unknown = JSON.parse(example.text);
      if (typeof value === "object" && value !== null && "producer" in value) {
        expect(value.producer, "an example's producer is the prompt itself").toBe(name);
      }
    }
  });
});

describe("the pack reader", () => {
  it("reports Reads/Writes bullets that break the format", () => {
    const prompt = parsePackPrompt(
      `${import.meta.dirname}/../fixtures/prompt-pack/malformed-entries.md`,
    );
    expect(prompt.malformed).toEqual([
      "- `$PREV_ARTIFACT_DIR/plan.json` - required. A hyphen instead of the dash.",
      "- `$ARTIFACT_DIR/out.json` — sometimes. An unknown qualifier.",
    ]);
    expect(prompt.reads.map((entry) => entry.path)).toEqual(["$PREV_OUTPUT"]);
  });
});
