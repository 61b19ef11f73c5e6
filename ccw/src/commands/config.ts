/** `ccw config list|get <key>|path`: the effective configuration and where it comes from. */
import { Option } from "commander";
import type { RegisterCommand } from "../command-runtime.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { displayPath } from "../lib/fs/display-path.js";
import { resolveWorkspace } from "../lib/fs/workspace.js";
import { printTable } from "./print-table.js";

const cdOption = () => new Option("--cd <dir>", "the workspace (default: the current folder)");

async function loadSettings(ctx: CliContext, cd: string | undefined) {
  const workspace = await resolveWorkspace(ctx.cwd, cd);
  const [{ loadConfigFiles }, effective, schema] = await Promise.all([
    import("../config/config-files.js"),
    import("../config/effective.js"),
    import("../config/config-schema.js"),
  ]);
  const files = await loadConfigFiles(workspace, ctx.env, ctx.homedir);
  return { files, settings: effective.effectiveSettings(files, {}, ctx.env), effective, schema };
}

/** The JSON of one setting (docs/cli.md, "Configuration"). */
function settingJson(setting: {
  key: string;
  value: unknown;
  source: string;
  file?: string;
  meaning?: string;
}) {
  return {
    key: setting.key,
    value: setting.value ?? null,
    source: setting.source,
    file: setting.file ?? null,
    ...(setting.meaning === undefined ? {} : { meaning: setting.meaning }),
  };
}

export const registerConfigCommand: RegisterCommand = (program, runtime) => {
  const { ctx } = runtime;
  const config = program
    .command("config")
    .description(
      "show ccw's configuration: .ccwrc.json in the project, $XDG_CONFIG_HOME/ccw-codex/config.json",
    );

  config
    .command("list")
    .description("every setting, its effective value, and where it comes from")
    .option("--json", "print them as JSON")
    .addOption(cdOption())
    .action(async (options: { json?: boolean; cd?: string }) => {
      const { settings, effective } = await loadSettings(ctx, options.cd);
      const all = Object.values(settings);
      if (options.json) {
        ctx.stdout.write(`${JSON.stringify({ settings: all.map(settingJson) }, null, 2)}\n`);
        return;
      }
      const shown = (file: string) => displayPath(file, { cwd: ctx.cwd });
      const rows = [
        ["KEY", "VALUE", "FROM"],
        ...all.map((setting) => [
          setting.key,
          setting.value === undefined
            ? `(${setting.meaning ?? "unset"})`
            : JSON.stringify(setting.value),
          effective.describeSource(setting, shown),
        ]),
      ];
      await printTable(rows, ctx);
    });

  config
    .command("get")
    .description("one setting's effective value (nothing printed when it is unset)")
    .argument("<key>", "e.g. coordinator.timeout (ccw config list shows every key)")
    .option("--json", "print the value, its source and file as JSON")
    .addOption(cdOption())
    .action(async (key: string, options: { json?: boolean; cd?: string }) => {
      const { settings, schema } = await loadSettings(ctx, options.cd);
      const known = (schema.CONFIG_KEYS as readonly string[]).includes(key);
      const setting = known ? settings[key as keyof typeof settings] : undefined;
      if (setting === undefined) {
        throw new UsageError(`unknown setting "${key}"`, {
          hint: `The settings are ${schema.CONFIG_KEYS.join(", ")}.`,
        });
      }
      if (options.json) ctx.stdout.write(`${JSON.stringify(settingJson(setting), null, 2)}\n`);
      else if (setting.value !== undefined) {
        const { value } = setting;
        ctx.stdout.write(`${typeof value === "string" ? value : JSON.stringify(value)}\n`);
      }
    });

  config
    .command("path")
    .description("where ccw looks for its configuration files, and which exist")
    .option("--json", "print them as JSON")
    .addOption(cdOption())
    .action((options: { json?: boolean; cd?: string }) => showPaths(ctx, options));
};

async function showPaths(ctx: CliContext, options: { json?: boolean; cd?: string }) {
  const { files } = await loadSettings(ctx, options.cd);
  const { PROJECT_CONFIG_NAME } = await import("../config/config-files.js");
  const nearest = files.projectSearch[0] ?? ctx.cwd;
  const project = files.project?.file ?? null;
  if (options.json) {
    const searched = files.projectSearch.map((dir) => `${dir}/${PROJECT_CONFIG_NAME}`);
    const json = {
      project,
      projectSearch: searched,
      user: files.userFile,
      userExists: files.user !== undefined,
    };
    ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const shown = (file: string) => displayPath(file, { cwd: ctx.cwd });
  const lines = [
    `project: ${project === null ? `none (looked for ${PROJECT_CONFIG_NAME} from ${shown(nearest)} up to ${shown(files.projectSearch[files.projectSearch.length - 1] ?? nearest)})` : shown(project)}`,
    `user:    ${files.userFile}${files.user === undefined ? " (does not exist)" : ""}`,
  ];
  ctx.stdout.write(`${lines.join("\n")}\n`);
}
