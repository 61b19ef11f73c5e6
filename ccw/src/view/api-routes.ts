/**
 * The JSON API behind the page (docs/dashboard.md, "The API"). Every handler gets a request
 * that has already passed the security checks of view-server.ts.
 */
import path from "node:path";
import { readLiveOwner } from "../coordinator/session-lock.js";
import { stepFiles } from "../coordinator/session-paths.js";
import type { SessionStore } from "../coordinator/session-store.js";
import { BusyError, CcwError, InvalidDataError, NotFoundError, UsageError } from "../errors.js";
import * as z from "../zod.js";
import type { ActivityPage, FileView, SessionDetail, SessionEventView } from "./api-types.js";
import { artifactContract } from "./artifact-contract.js";
import { readActivity } from "./codex-activity.js";
import { readFileView } from "./file-view.js";
import { sessionDetail } from "./session-detail.js";
import { resolveSessionFile } from "./session-file.js";
import type { SessionIndex } from "./session-index.js";
import { findSessionFiles, findStepFiles } from "./step-files.js";
import { type ActionContext, abortFromPage, resumeFromPage } from "./view-actions.js";
import { RestoreBody, restoreFromPage, stepDiff } from "./view-checkpoints.js";
import { ViewError } from "./view-error.js";

/** What the routes read and act on. */
export interface RouteContext {
  readonly store: SessionStore;
  readonly index: SessionIndex;
  readonly actions: ActionContext;
}

/** An answer: a status and a JSON body. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

const ActionBody = z.object({ updated_at: z.string().check(z.minLength(1)) });

/** Routes a GET or POST under /api/ (except the event stream); throws ViewError to refuse. */
export async function routeApi(
  context: RouteContext,
  method: string,
  url: URL,
  body: unknown,
): Promise<JsonAnswer> {
  const parts = url.pathname.split("/").slice(2).map(decodeSegment);
  const [collection, id, sub, stepText, leaf, ...extra] = parts;
  if (collection !== "sessions" || extra.length > 0) throw notFound(url);
  try {
    if (method === "GET") {
      if (id === undefined) return ok(await context.index.list());
      if (sub === undefined) return ok(await detail(context, id));
      if (sub === "events" && stepText === undefined) return ok(await events(context, id));
      if (sub === "file" && stepText === undefined) {
        return ok(await file(context, id, url.searchParams.get("path") ?? ""));
      }
      if (sub === "steps" && stepText !== undefined && leaf === "activity") {
        return ok(await activity(context, id, stepText, url.searchParams.get("after")));
      }
      if (sub === "steps" && stepText !== undefined && leaf === "diff") {
        return ok(await stepDiff(context.actions, id, await stepIndex(context, id, stepText)));
      }
      throw notFound(url);
    }
    if (method === "POST" && id !== undefined && sub === "restore" && stepText === undefined) {
      const parsed = RestoreBody.safeParse(body);
      if (!parsed.success) {
        throw new ViewError(
          400,
          "bad_body",
          'a restore needs a JSON body {"updated_at": "...", "step": <0-based>, "when": "before"|"after", "dry_run"?: true}',
        );
      }
      return ok(await restoreFromPage(context.actions, id, parsed.data));
    }
    if (method === "POST" && id !== undefined && stepText === undefined) {
      const parsed = ActionBody.safeParse(body);
      if (!parsed.success) {
        throw new ViewError(
          400,
          "bad_body",
          'an action needs a JSON body {"updated_at": "<the updated_at of the state the page shows>"}',
        );
      }
      const seen = parsed.data.updated_at;
      if (sub === "resume")
        return { status: 202, body: await resumeFromPage(context.actions, id, seen) };
      if (sub === "abort") return ok(await abortFromPage(context.actions, id, seen));
    }
    throw notFound(url, method);
  } catch (error) {
    throw asViewError(error);
  }
}

async function detail(context: RouteContext, id: string): Promise<SessionDetail> {
  const { store } = context;
  const state = await store.load(id);
  const files = store.files(id);
  const owner = state.owner
    ? await readLiveOwner(files.lock, context.actions.lockEnvironment)
    : undefined;
  return sessionDetail(state, {
    workspace: store.workspace,
    folder: path.relative(store.workspace, files.dir).split(path.sep).join("/"),
    ownerAlive: owner !== undefined,
    stepFiles: await findStepFiles(files.dir, state),
    sessionFiles: await findSessionFiles(files.dir),
    canRestore: true,
  });
}

async function events(context: RouteContext, id: string): Promise<SessionEventView[]> {
  context.store.files(id);
  await context.store.load(id);
  return context.store.readEvents(id);
}

async function file(context: RouteContext, id: string, relative: string): Promise<FileView> {
  const dir = context.store.files(id).dir;
  const real = await resolveSessionFile(dir, relative);
  const view = await readFileView(real, relative);
  const state = await context.store.load(id).catch(() => undefined);
  const contract = state ? artifactContract(state, relative) : undefined;
  return contract ? { ...view, contract } : view;
}

async function activity(
  context: RouteContext,
  id: string,
  stepText: string,
  afterText: string | null,
): Promise<ActivityPage> {
  const state = await context.store.load(id);
  const step = state.command_chain[await stepIndex(context, id, stepText)];
  if (!step) throw new ViewError(404, "not_found", `session ${id} has no step ${stepText}`);
  const after = afterText === null ? 0 : /^\d{1,15}$/.test(afterText) ? Number(afterText) : -1;
  if (after < 0)
    throw new ViewError(400, "bad_offset", "after= must be a byte offset (a whole number)");
  const dir = context.store.files(id).dir;
  return readActivity(stepFiles(dir, step.index, step.command).events, after);
}

/** The step index of a URL (0-based), checked against the session's chain. */
async function stepIndex(context: RouteContext, id: string, text: string): Promise<number> {
  const state = await context.store.load(id);
  const index = /^\d{1,4}$/.test(text) ? Number(text) : -1;
  if (state.command_chain[index] === undefined) {
    throw new ViewError(404, "not_found", `session ${id} has no step ${JSON.stringify(text)}`);
  }
  return index;
}

function ok(body: unknown): JsonAnswer {
  return { status: 200, body };
}

function notFound(url: URL, method = "GET"): ViewError {
  return new ViewError(
    404,
    "not_found",
    `no ${method} ${url.pathname} in this API`,
    "docs/dashboard.md lists the API.",
  );
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ViewError(400, "bad_path", "the URL is not valid percent-encoding");
  }
}

/** The HTTP answer of an error of ccw's closed set (anything else stays an internal error). */
export function asViewError(error: unknown): unknown {
  if (!(error instanceof CcwError)) return error;
  const status =
    error instanceof NotFoundError
      ? 404
      : error instanceof UsageError
        ? 400
        : error instanceof BusyError
          ? 409
          : error instanceof InvalidDataError
            ? 422
            : 500;
  return new ViewError(status, error.name, error.message, error.hint);
}
