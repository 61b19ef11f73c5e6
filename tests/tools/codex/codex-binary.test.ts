import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CodexNotFoundError } from "../../../ccw/src/errors.js";
import {
  forgetCodexProbes,
  parseCodexVersion,
  parseHelp,
  probeCodexCapabilities,
  probeCodexVersion,
  resolveCodexBinary,
} from "../../../ccw/src/tools/codex/codex-binary.js";
import { CODEX_EXEC_FLAGS } from "../../../ccw/src/tools/codex/codex-flags.js";
import { REAL_CODEX_BIN, REPO_ROOT } from "../../helpers/codex-e2e.js";

const FAKE = fileURLToPath(new URL("../../fixtures/fake-codex/fake-codex.mjs", import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), "ccw-binary-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => forgetCodexProbes());

let counter = 0;
function folder(): string {
  const dir = path.join(tmp, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function executable(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "#!/bin/sh\necho codex-cli 0.0.1\n");
  chmodSync(file, 0o755);
  return file;
}

describe("resolveCodexBinary", () => {
  it("prefers --codex-bin, then CCW_CODEX_BIN, then node_modules, then PATH", () => {
    const root = folder();
    const workspace = path.join(root, "ws");
    const flag = executable(path.join(root, "flag", "codex"));
    const fromEnv = executable(path.join(root, "env", "codex"));
    const project = executable(path.join(workspace, "node_modules", ".bin", "codex"));
    const onPath = executable(path.join(root, "bin", "codex"));
    const own = path.join(root, "own");
    const env = { CCW_CODEX_BIN: fromEnv, PATH: path.dirname(onPath) };

    expect(resolveCodexBinary({ explicit: flag, env, workspace, ownPackage: own })).toEqual({
      path: flag,
      source: "flag",
    });
    expect(resolveCodexBinary({ env, workspace, ownPackage: own })).toEqual({
      path: fromEnv,
      source: "env",
    });
    expect(resolveCodexBinary({ env: { PATH: env.PATH }, workspace, ownPackage: own })).toEqual({
      path: project,
      source: "project",
    });
    rmSync(project);
    expect(resolveCodexBinary({ env: { PATH: env.PATH }, workspace, ownPackage: own })).toEqual({
      path: onPath,
      source: "path",
    });
  });

  it("finds node_modules/.bin/codex in a parent folder of the workspace, then in ccw's package", () => {
    const root = folder();
    const inParent = executable(path.join(root, "node_modules", ".bin", "codex"));
    const workspace = path.join(root, "packages", "app");
    mkdirSync(workspace, { recursive: true });
    expect(resolveCodexBinary({ env: {}, workspace, ownPackage: folder() }).path).toBe(inParent);

    const own = folder();
    const ownCodex = executable(path.join(own, "node_modules", ".bin", "codex"));
    expect(resolveCodexBinary({ env: {}, workspace: folder(), ownPackage: own })).toEqual({
      path: ownCodex,
      source: "project",
    });
  });

  it("looks up a bare name given to --codex-bin on PATH, and a relative path from the workspace", () => {
    const root = folder();
    const custom = executable(path.join(root, "bin", "codex-nightly"));
    expect(
      resolveCodexBinary({
        explicit: "codex-nightly",
        env: { PATH: path.dirname(custom) },
        workspace: root,
      }).path,
    ).toBe(custom);
    expect(
      resolveCodexBinary({ explicit: "bin/codex-nightly", env: {}, workspace: root }).path,
    ).toBe(custom);
  });

  it("a --codex-bin or CCW_CODEX_BIN that is not an executable file is an error, never a fallback", () => {
    const root = folder();
    const plain = path.join(root, "not-executable");
    writeFileSync(plain, "text");
    chmodSync(plain, 0o644);
    expect(() => resolveCodexBinary({ explicit: plain, env: {}, workspace: root })).toThrow(
      `--codex-bin names ${plain}, which is not an executable file`,
    );
    expect(() =>
      resolveCodexBinary({ env: { CCW_CODEX_BIN: "no-such-codex", PATH: root }, workspace: root }),
    ).toThrow("CCW_CODEX_BIN names no-such-codex, which is not an executable file on PATH");
    expect(() => resolveCodexBinary({ explicit: root, env: {}, workspace: root })).toThrow(
      CodexNotFoundError,
    );
  });

  it("names every place it looked, and how to install Codex (exit 127)", () => {
    const root = folder();
    const own = path.join(root, "own");
    const error = (() => {
      try {
        resolveCodexBinary({
          env: { PATH: `${root}/a:${root}/b` },
          workspace: root,
          ownPackage: own,
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CodexNotFoundError);
    const { message, hint, exitCode } = error as CodexNotFoundError;
    expect(exitCode).toBe(127);
    expect(message.replaceAll(root, "<tmp>")).toBe(
      "cannot find the Codex CLI; looked at: --codex-bin (not given), CCW_CODEX_BIN (not set), node_modules/.bin/codex in <tmp> and its parent folders, <tmp>/own/node_modules/.bin/codex, and 2 folders on PATH (<tmp>/a, <tmp>/b)",
    );
    expect(hint).toBe(
      "Install Codex with `npm install -g @openai/codex` (or `npm install --save-dev @openai/codex` in the project), or point ccw at it with --codex-bin <path> or CCW_CODEX_BIN=<path>.",
    );
  });
});

describe("probes", () => {
  it("parses versions", () => {
    expect(parseCodexVersion("codex-cli 0.169.0")).toEqual({
      raw: "codex-cli 0.169.0",
      semver: "0.169.0",
    });
    expect(parseCodexVersion("codex-cli 0.170.0-alpha.2\n")).toMatchObject({
      semver: "0.170.0-alpha.2",
    });
    expect(parseCodexVersion("dev build")).toEqual({ raw: "dev build" });
  });

  it("reads the real Codex: its version, and every exec flag the table declares", async () => {
    const version = await probeCodexVersion(REAL_CODEX_BIN);
    // The dev dependency is the latest validated release.
    const latest = readFileSync(
      path.join(REPO_ROOT, "cli_manifests", "codex", "latest_validated.txt"),
      "utf8",
    ).trim();
    expect(version).toEqual({ raw: `codex-cli ${latest}`, semver: latest });
    const capabilities = await probeCodexCapabilities(REAL_CODEX_BIN);
    expect(capabilities.version).toBe(latest);
    expect(capabilities.resume).toBe(true);
    for (const spec of Object.values(CODEX_EXEC_FLAGS)) {
      const accepted = spec.position === "exec" ? capabilities.flags : capabilities.resumeFlags;
      expect(accepted?.has(spec.long), `${spec.long} in codex ${spec.position} help`).toBe(true);
    }
    expect(capabilities.flags.has("--full-auto")).toBe(false);
  });

  it("parses clap help: long flags of every option line, and the Commands section", () => {
    const help = [
      "Run Codex",
      "",
      "Commands:",
      "  resume  Resume a previous session",
      "  review  Review",
      "",
      "Options:",
      "  -c, --config <key=value>",
      "          Text that mentions --not-a-flag inside",
      "      --json",
      "  -h, --help",
    ].join("\n");
    expect(parseHelp(help)).toEqual({
      flags: ["--config", "--help", "--json"],
      commands: ["resume", "review"],
    });
  });

  it("caches per binary in the process", async () => {
    const first = probeCodexVersion(FAKE, { env: { PATH: process.env.PATH } });
    expect(probeCodexVersion(FAKE)).toBe(first);
    expect(await first).toMatchObject({ semver: "0.169.0" });
  });

  it("caches in a file keyed by the binary's identity; an upgraded binary is probed again", async () => {
    const bin = path.join(folder(), "codex");
    copyFileSync(FAKE, bin);
    chmodSync(bin, 0o755);
    const cacheFile = path.join(folder(), "cache", "codex-probe.json");
    const env = (version: string) => ({ PATH: process.env.PATH, FAKE_CODEX_VERSION: version });

    const first = await probeCodexCapabilities(bin, { env: env("0.150.0"), cacheFile });
    expect(first.version).toBe("0.150.0");
    expect(JSON.parse(readFileSync(cacheFile, "utf8"))).toMatchObject({ version: 1 });

    forgetCodexProbes();
    // Another process would see the file, not run the binary (which now says 0.160.0).
    expect((await probeCodexCapabilities(bin, { env: env("0.160.0"), cacheFile })).version).toBe(
      "0.150.0",
    );
    expect((await probeCodexVersion(bin, { env: env("0.160.0"), cacheFile })).semver).toBe(
      "0.150.0",
    );

    forgetCodexProbes();
    const later = new Date(Date.now() + 60_000);
    utimesSync(bin, later, later);
    expect((await probeCodexCapabilities(bin, { env: env("0.160.0"), cacheFile })).version).toBe(
      "0.160.0",
    );
  });

  it("a version probe alone writes the whole record, so the next process probes nothing", async () => {
    const bin = path.join(folder(), "codex");
    copyFileSync(FAKE, bin);
    chmodSync(bin, 0o755);
    const cacheFile = path.join(folder(), "cache", "codex-probe.json");
    const env = (version: string) => ({ PATH: process.env.PATH, FAKE_CODEX_VERSION: version });

    expect((await probeCodexVersion(bin, { env: env("0.150.0"), cacheFile })).semver).toBe(
      "0.150.0",
    );
    forgetCodexProbes();
    const next = await probeCodexCapabilities(bin, { env: env("0.160.0"), cacheFile });
    expect(next.version).toBe("0.150.0");
    expect(next.flags.has("--json")).toBe(true);
  });

  it("ignores a corrupt cache file and rewrites it", async () => {
    const cacheFile = path.join(folder(), "codex-probe.json");
    writeFileSync(cacheFile, "{ not json");
    const capabilities = await probeCodexCapabilities(FAKE, {
      env: { PATH: process.env.PATH },
      cacheFile,
    });
    expect(capabilities.flags.has("--json")).toBe(true);
    expect(JSON.parse(readFileSync(cacheFile, "utf8"))).toMatchObject({ version: 1 });
  });

  it("a binary that cannot run is a CodexNotFoundError, and is not remembered", async () => {
    const broken = path.join(folder(), "codex");
    writeFileSync(broken, "#!/bin/sh\necho 'codex: library missing' >&2\nexit 3\n");
    chmodSync(broken, 0o755);
    await expect(probeCodexVersion(broken)).rejects.toThrow(
      `cannot run \`${broken} --version\`: codex: library missing`,
    );
    writeFileSync(broken, "#!/bin/sh\necho codex-cli 1.2.3\n");
    expect(await probeCodexVersion(broken)).toMatchObject({ semver: "1.2.3" });
  });
});
