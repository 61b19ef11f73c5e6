/**
 * Shell completion scripts for bash, zsh and fish, generated from the commander program itself
 * (so they never drift from it): commands, options, option choices, and session ids for a
 * command whose argument is a session (the hidden `ccw __complete-sessions` lists them, from the
 * workspace of the current folder). Pure functions of a CompletionSpec.
 */
import type { Command } from "commander";

export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export interface OptionSpec {
  readonly long?: string;
  readonly short?: string;
  readonly description: string;
  readonly takesValue: boolean;
  readonly choices?: readonly string[];
}

export interface CommandSpec {
  /** The words that lead to it: `""` for the program, `"coordinator status"`. */
  readonly path: string;
  readonly name: string;
  readonly description: string;
  readonly subcommands: readonly CommandSpec[];
  readonly options: readonly OptionSpec[];
  /** Whether its first argument is a session id. */
  readonly sessionArgument: boolean;
}

/** The spec of `command` and everything under it (hidden commands and options left out). */
export function completionSpec(command: Command, path = ""): CommandSpec {
  const subcommands = command.commands
    .filter((sub) => !(sub as unknown as { _hidden: boolean })._hidden)
    .map((sub) => completionSpec(sub, path === "" ? sub.name() : `${path} ${sub.name()}`));
  const options = command.options
    .filter((option) => !option.hidden)
    .map((option) => ({
      ...(option.long === undefined ? {} : { long: option.long }),
      ...(option.short === undefined ? {} : { short: option.short }),
      description: option.description,
      takesValue: option.required || option.optional,
      ...(option.argChoices === undefined ? {} : { choices: option.argChoices }),
    }));
  const first = command.registeredArguments[0];
  return {
    path,
    name: command.name(),
    description: command.description(),
    subcommands,
    options: [
      ...options,
      { long: "--help", short: "-h", description: "show help", takesValue: false },
    ],
    sessionArgument: first?.name() === "session-id",
  };
}

function all(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(all)];
}

function optionWords(option: OptionSpec): string[] {
  return [option.long, option.short].filter((word): word is string => word !== undefined);
}

/** `case` arms shared by bash and zsh: how a word extends the path, and value choices. */
function shellCase(spec: CommandSpec) {
  const commands = all(spec);
  const steps = commands
    .flatMap((command) => command.subcommands.map((sub) => `"${command.path}|${sub.name}"`))
    .join("|");
  const choices = commands.flatMap((command) =>
    command.options.flatMap((option) =>
      option.takesValue
        ? optionWords(option).map((word) => ({
            pattern: `"${command.path}|${word}"`,
            choices: option.choices,
          }))
        : [],
    ),
  );
  const sessions = commands.filter((command) => command.sessionArgument).map((c) => `"${c.path}"`);
  return { commands, steps, choices, sessions };
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bashScript(spec: CommandSpec): string {
  const { commands, steps, choices, sessions } = shellCase(spec);
  const valueArms = choices.map(({ pattern, choices: values }) =>
    values === undefined
      ? `    ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`
      : `    ${pattern}) COMPREPLY=($(compgen -W ${quote(values.join(" "))} -- "$cur")); return ;;`,
  );
  const wordArms = commands.map(
    (command) =>
      `    "${command.path}") words=${quote([...command.subcommands.map((sub) => sub.name), ...command.options.flatMap(optionWords)].join(" "))} ;;`,
  );
  return `# ccw completion for bash. Install: ccw completion bash > ~/.local/share/bash-completion/completions/ccw
# (or add \`source <(ccw completion bash)\` to ~/.bashrc).
_ccw_complete() {
  local cur prev path="" words="" w i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$path|$w" in
    ${steps}) path="\${path:+$path }$w" ;;
    esac
  done
  case "$path|$prev" in
${valueArms.join("\n")}
  esac
  case "$path" in
${wordArms.join("\n")}
  esac
  case "$path" in
    ${sessions.join("|") || '"-"'})
      if [[ "$cur" != -* ]]; then words="$words $(\${COMP_WORDS[0]} __complete-sessions 2>/dev/null)"; fi ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _ccw_complete ccw ccw-codex
`;
}

function zshScript(spec: CommandSpec): string {
  const { commands, steps, choices, sessions } = shellCase(spec);
  const valueArms = choices.map(({ pattern, choices: values }) =>
    values === undefined
      ? `    ${pattern}) _files; return ;;`
      : `    ${pattern}) compadd -- ${values.map(quote).join(" ")}; return ;;`,
  );
  const describe = (text: string, name: string) =>
    quote(`${name.replace(/:/g, "\\:")}:${text.split("\n")[0] ?? ""}`);
  const wordArms = commands.map((command) => {
    const subs = command.subcommands.map((sub) => describe(sub.description, sub.name));
    const options = command.options.flatMap((option) =>
      optionWords(option).map((word) => describe(option.description, word)),
    );
    return `    "${command.path}") subs=(${subs.join(" ")}); opts=(${options.join(" ")}) ;;`;
  });
  return `#compdef ccw ccw-codex
# ccw completion for zsh. Install: ccw completion zsh > "\${fpath[1]}/_ccw"
# (or add \`source <(ccw completion zsh)\` to ~/.zshrc, after compinit).
_ccw() {
  local path_="" w i prev
  local -a subs opts ids
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    case "$path_|$w" in
    ${steps}) path_="\${path_:+$path_ }$w" ;;
    esac
  done
  prev="\${words[CURRENT-1]}"
  case "$path_|$prev" in
${valueArms.join("\n")}
  esac
  case "$path_" in
${wordArms.join("\n")}
  esac
  case "$path_" in
    ${sessions.join("|") || '"-"'})
      if [[ "\${words[CURRENT]}" != -* ]]; then
        ids=(\${(f)"$(\${words[1]} __complete-sessions 2>/dev/null)"})
        if (( \${#ids} )); then compadd -- \${ids[@]}; fi
      fi ;;
  esac
  if [[ "\${words[CURRENT]}" == -* ]]; then
    if (( \${#opts} )); then _describe -t options option opts; fi
  else
    if (( \${#subs} )); then _describe -t commands command subs; fi
  fi
}
if (( $+functions[compdef] )); then compdef _ccw ccw ccw-codex; fi
`;
}

function fishScript(spec: CommandSpec): string {
  const { commands } = shellCase(spec);
  const steps = commands
    .flatMap((command) => command.subcommands.map((sub) => quote(`${command.path}|${sub.name}`)))
    .join(" ");
  const lines: string[] = [];
  for (const command of commands) {
    const at = quote(`__ccw_at ${quote(command.path)}`);
    for (const sub of command.subcommands) {
      lines.push(
        `complete -c ccw -c ccw-codex -f -n ${at} -a ${quote(sub.name)} -d ${quote(sub.description.split("\n")[0] ?? "")}`,
      );
    }
    for (const option of command.options) {
      const flags = [
        option.long === undefined ? "" : `-l ${option.long.slice(2)}`,
        option.short === undefined ? "" : `-s ${option.short.slice(1)}`,
      ]
        .filter((flag) => flag !== "")
        .join(" ");
      const value = !option.takesValue
        ? ""
        : option.choices === undefined
          ? " -r -F"
          : ` -x -a ${quote(option.choices.join(" "))}`;
      // -F (complete files) for a value without choices; -f (no files) otherwise.
      const files = option.takesValue && option.choices === undefined ? "" : " -f";
      lines.push(
        `complete -c ccw -c ccw-codex${files} -n ${at} ${flags}${value} -d ${quote(option.description)}`,
      );
    }
    if (command.sessionArgument) {
      lines.push(`complete -c ccw -c ccw-codex -f -n ${at} -a '(__ccw_sessions)' -d 'session'`);
    }
  }
  return `# ccw completion for fish. Install: ccw completion fish > ~/.config/fish/completions/ccw.fish
function __ccw_path
    set -l tokens (commandline -opc)
    set -l path ''
    for w in $tokens[2..-1]
        if contains -- "$path|$w" ${steps}
            set path (string trim -- "$path $w")
        end
    end
    echo $path
end
function __ccw_at
    test (__ccw_path) = "$argv[1]"
end
function __ccw_sessions
    set -l tokens (commandline -opc)
    $tokens[1] __complete-sessions 2>/dev/null
end
${lines.join("\n")}
`;
}

/** The completion script of `shell` for the program described by `spec`. */
export function completionScript(shell: CompletionShell, spec: CommandSpec): string {
  switch (shell) {
    case "bash":
      return bashScript(spec);
    case "zsh":
      return zshScript(spec);
    case "fish":
      return fishScript(spec);
  }
}
