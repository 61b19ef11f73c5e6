import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  fillTemplate,
  loadModelServerScript,
  type ModelServerScriptSource,
  parseModelServerScript,
  selectReply,
} from "../../../ccw/src/dev/model-server/script.js";
import { InvalidDataError, NotFoundError } from "../../../ccw/src/errors.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "ccw-script-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const pick = (
  source: ModelServerScriptSource,
  prompt: string,
  followUps = 0,
  used: number[] = [],
) => selectReply(parseModelServerScript(source), { prompt, followUps }, used);

describe("parseModelServerScript", () => {
  it("turns the short forms into tagged replies with defaults", () => {
    const script = parseModelServerScript({
      rules: [
        { name: "t", reply: { text: "hi", chunks: 3, chunkDelayMs: 5 } },
        {
          reply: [
            { command: "ls", workdir: "/w" },
            { fail: 503 },
            { fail: { message: "m", midStream: true } },
            { stall: true, delayMs: 10 },
          ],
        },
      ],
    });
    expect(script.rules[0]).toEqual({
      label: "t",
      replies: [{ kind: "text", text: "hi", chunks: 3, chunkDelayMs: 5, delayMs: 0 }],
    });
    expect(script.rules[1]?.label).toBe("rules[1]");
    expect(script.rules[1]?.replies).toEqual([
      { kind: "command", command: "ls", workdir: "/w", delayMs: 0 },
      {
        kind: "fail",
        status: 503,
        message: "model-server: scripted failure",
        midStream: false,
        delayMs: 0,
      },
      { kind: "fail", status: 500, message: "m", midStream: true, delayMs: 0 },
      { kind: "stall", delayMs: 10 },
    ]);
    expect(script.fallback).toEqual([
      {
        kind: "text",
        text: "model-server: no rule of the script matched this prompt",
        chunks: 1,
        chunkDelayMs: 0,
        delayMs: 0,
      },
    ]);
  });

  it("lists every problem with its path", () => {
    expect(() =>
      parseModelServerScript(
        {
          rules: [
            { reply: { text: "a", command: "b" } },
            { match: { regex: "(unclosed" }, reply: { text: "x" } },
            { match: { contains: "x" }, reply: { text: "{{dir}}" } },
            { match: { regex: "(?<dir>\\S+)" }, reply: { command: "cd {{2}}", chunks: 2 } },
            { reply: { fail: 200 } },
            { match: { flags: "g" }, reply: { stall: true } },
          ],
          extra: true,
        },
        "demo.yaml",
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [InvalidDataError: invalid model-server script (8 problems):
      demo.yaml: rules.0.reply.0: a reply needs exactly one of text, command, write, fail, stall (found text, command)
      demo.yaml: rules.1.match.regex: not a valid regular expression: Invalid regular expression: /(unclosed/: Unterminated group
      demo.yaml: rules.2.reply.0: placeholder {{dir}} names no group of match.regex (the rule has no regex)
      demo.yaml: rules.3.reply.0.chunks: chunks goes with text
      demo.yaml: rules.4.reply.0.fail: Too small: expected number to be >=400
      demo.yaml: rules.5.match.flags: flags may only use i, m, s, u
      demo.yaml: rules.5.match.flags: flags go with regex
      demo.yaml: (root): Unrecognized key: "extra"]
    `);
  });

  it("loads JSON and YAML files; a missing file is NotFound, bad syntax InvalidData", async () => {
    const yamlFile = path.join(tmp, "s.yaml");
    writeFileSync(yamlFile, "rules:\n  - match: { contains: hi }\n    reply: { text: hello }\n");
    const jsonFile = path.join(tmp, "s.json");
    writeFileSync(jsonFile, JSON.stringify({ default: { text: "d" } }));
    expect((await loadModelServerScript(yamlFile)).rules).toHaveLength(1);
    expect((await loadModelServerScript(jsonFile)).fallback).toMatchObject([{ text: "d" }]);
    await expect(loadModelServerScript(path.join(tmp, "missing.yaml"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    writeFileSync(jsonFile, "{ nope");
    await expect(loadModelServerScript(jsonFile)).rejects.toThrow(/s\.json is not valid JSON/);
    writeFileSync(yamlFile, "rules: [\n");
    await expect(loadModelServerScript(yamlFile)).rejects.toBeInstanceOf(InvalidDataError);
  });
});

describe("selectReply", () => {
  const script: ModelServerScriptSource = {
    rules: [
      { name: "once", match: { contains: "retry me" }, reply: { fail: 500 }, times: 1 },
      { name: "greet", match: { contains: "hello" }, reply: { text: "hi" } },
      {
        name: "plan",
        match: { regex: "artifacts folder: (?<dir>\\S+)", flags: "i" },
        reply: [{ command: "mkdir -p {{dir|shell}}" }, { text: "made {{dir}}" }],
      },
      { name: "after-tool", match: { followUp: true }, reply: { text: "tool said something" } },
    ],
    default: { text: "fallback" },
  };

  it("the first matching rule answers: substring, then regex", () => {
    expect(pick(script, "well hello there")).toMatchObject({
      rule: "greet",
      action: { text: "hi" },
    });
    expect(pick(script, "Write it. Artifacts folder: out/plan-1")).toMatchObject({
      rule: "plan",
      action: { kind: "command", command: "mkdir -p 'out/plan-1'" },
    });
  });

  it("a list answers the turn's requests in order: the first, then each follow-up", () => {
    expect(pick(script, "artifacts folder: x", 1)).toMatchObject({
      rule: "plan",
      action: { text: "made x" },
    });
    expect(pick(script, "artifacts folder: x", 2)).toMatchObject({
      rule: "plan",
      action: {
        kind: "fail",
        status: 400,
        message: "model-server: rule plan has no reply for request 3 of this turn (it lists 2)",
      },
    });
  });

  it("followUp: true matches only requests carrying tool output, counting from the first follow-up", () => {
    expect(pick(script, "something else", 1)).toMatchObject({ rule: "after-tool" });
    expect(pick(script, "something else", 0)).toMatchObject({
      rule: "default",
      action: { text: "fallback" },
    });
  });

  it("times: a rule stops matching after answering that many requests", () => {
    expect(pick(script, "retry me hello", 0, [0])).toMatchObject({ rule: "once", ruleIndex: 0 });
    expect(pick(script, "retry me hello", 0, [1])).toMatchObject({ rule: "greet" });
  });
});

describe("fillTemplate", () => {
  const match = /(?<who>\w+) lives in (.+)/.exec("ada lives in it's place") ?? undefined;
  it.each([
    ["{{who}}", "ada"],
    ["{{1}} / {{2}}", "ada / it's place"],
    ["{{ who }}", "ada"],
    ["cd {{2|shell}}", "cd 'it'\\''s place'"],
    ["{{0}}", "ada lives in it's place"],
    ["{not a placeholder}", "{not a placeholder}"],
  ])("%s → %s", (template, text) => {
    expect(fillTemplate(template, match)).toBe(text);
  });

  it("an optional group that did not take part fills in as empty", () => {
    expect(fillTemplate("[{{2}}]", /(a)(b)?/.exec("a") ?? undefined)).toBe("[]");
  });
});
