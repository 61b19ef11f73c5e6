/**
 * Lookups in an upstream union under a platform filter, with the effective-flag model of
 * RULES.json: a command accepts its own flags plus the root's, and flags a subcommand repeats
 * from the root live (and are compared) only at the root.
 */
import { pathKey } from "./json-text.js";
import type { UnionArg, UnionCommand, UnionFlag, UpstreamSnapshotUnionV2 } from "./schemas.js";

/** Decides whether a unit available on these targets counts as present. */
export type PresenceFilter = (availableOn: readonly string[]) => boolean;

/** The filter `any` over a union: present on at least one input target. */
export const presentAnywhere: PresenceFilter = (availableOn) => availableOn.length > 0;

export class UpstreamIndex {
  readonly #commands = new Map<string, UnionCommand>();
  readonly #present: PresenceFilter;

  constructor(union: UpstreamSnapshotUnionV2, present: PresenceFilter = presentAnywhere) {
    this.#present = present;
    for (const command of union.commands) this.#commands.set(pathKey(command.path), command);
  }

  /** Every command present under the filter, in the union's (sorted) order. */
  *commands(): Iterable<UnionCommand> {
    for (const command of this.#commands.values()) {
      if (this.#present(command.available_on)) yield command;
    }
  }

  command(path: readonly string[]): UnionCommand | undefined {
    const command = this.#commands.get(pathKey(path));
    return command !== undefined && this.#present(command.available_on) ? command : undefined;
  }

  /** The present flags of a present command. */
  flags(command: UnionCommand): UnionFlag[] {
    return (command.flags ?? []).filter((flag) => this.#present(flag.available_on));
  }

  args(command: UnionCommand): UnionArg[] {
    return (command.args ?? []).filter((arg) => this.#present(arg.available_on));
  }

  /**
   * Where a flag used on `path` lives upstream: on the command itself, else on the root (a
   * global flag); undefined when neither has it.
   */
  resolveFlag(
    path: readonly string[],
    key: string,
  ): { path: string[]; flag: UnionFlag } | undefined {
    for (const candidate of path.length === 0 ? [path] : [path, []]) {
      const command = this.command(candidate);
      const flag = command && this.flags(command).find((known) => known.key === key);
      if (flag) return { path: [...candidate], flag };
    }
    return undefined;
  }

  arg(path: readonly string[], name: string): UnionArg | undefined {
    const command = this.command(path);
    return command && this.args(command).find((known) => known.name === name);
  }
}
