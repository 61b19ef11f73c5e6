/**
 * A step's diff and the restore buttons, through the coordinator's own checkpoint code: the diff
 * is `ccw coordinator diff <id> --step <n>` (its JSON for the file list, its patch for the
 * text), a restore is `ccw coordinator restore <id> --before-step|--after-step <n> --yes`
 * (never --force: paths edited since the session left them are refused, with the reason).
 */
import { diff } from "../coordinator/checkpoint-diff.js";
import { restore } from "../coordinator/checkpoint-restore.js";
import * as z from "../zod.js";
import type { DiffView } from "./api-types.js";
import { coordinatorCall, type PageContext, pageEnvironment } from "./page-environment.js";
import { loadCurrent } from "./view-actions.js";
import { ViewError } from "./view-error.js";

/** The page shows at most this much of a patch. */
const PATCH_LIMIT = 1024 * 1024;

const DiffJson = z.object({
  from: z.string(),
  to: z.string(),
  stat: z.object({ files: z.number(), added: z.number(), removed: z.number() }),
  files: z.array(
    z.object({
      path: z.string(),
      status: z.enum(["added", "deleted", "modified"]),
      added: z.nullable(z.number()),
      removed: z.nullable(z.number()),
    }),
  ),
});

/** What step `index` (0-based) changed between its checkpoints. */
export async function stepDiff(context: PageContext, id: string, index: number): Promise<DiffView> {
  const listing = await pageEnvironment(context);
  await coordinatorCall(() =>
    diff(listing.env, { id, last: false }, { step: index + 1, format: "json" }),
  );
  const parsed = DiffJson.safeParse(JSON.parse(listing.stdout()));
  if (!parsed.success) throw new Error("ccw coordinator diff --json printed an unexpected shape");
  const patch = await pageEnvironment(context);
  await coordinatorCall(() =>
    diff(patch.env, { id, last: false }, { step: index + 1, format: "patch" }),
  );
  const text = patch.stdout();
  return {
    ...parsed.data,
    patch: text.slice(0, PATCH_LIMIT),
    truncated: text.length > PATCH_LIMIT,
  };
}

export const RestoreBody = z.object({
  updated_at: z.string().check(z.minLength(1)),
  /** 0-based, like every step index of the API. */
  step: z.int().check(z.minimum(0)),
  when: z.enum(["before", "after"]),
  dry_run: z.optional(z.boolean()),
});
export type RestoreBody = z.infer<typeof RestoreBody>;

/** Restores the working tree to before or after a step (or only says what that would do). */
export async function restoreFromPage(
  context: PageContext,
  id: string,
  body: RestoreBody,
): Promise<unknown> {
  const state = await loadCurrent(context.store, id, body.updated_at);
  if (state.command_chain[body.step] === undefined) {
    throw new ViewError(404, "not_found", `session ${id} has no step ${body.step}`);
  }
  const { env, stdout } = await pageEnvironment(context);
  await coordinatorCall(() =>
    restore(
      env,
      { id, last: false },
      {
        target: { kind: `${body.when}-step`, step: body.step + 1 },
        dryRun: body.dry_run === true,
        yes: true,
        force: false,
        json: true,
      },
    ),
  );
  return JSON.parse(stdout());
}
