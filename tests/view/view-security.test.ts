import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireSessionLock } from "../../ccw/src/coordinator/session-lock.js";
import type { SessionDetail } from "../../ccw/src/view/api-types.js";
import { CONTENT_SECURITY_POLICY } from "../../ccw/src/view/security.js";
import { waitFor } from "../helpers/coordinator-e2e.js";
import { createSession, startViewWorld, type ViewWorld } from "./view-harness.js";

const A = "codex-coord-20261121-143025-aaaa";

let world: ViewWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("ccw view: the token", () => {
  it("is required on every request, from the URL, the cookie it sets, or the header", async () => {
    world = await startViewWorld({ token: "a".repeat(64) });
    const w = world;
    for (const target of [
      "/",
      "/app.js",
      "/app.css",
      "/favicon.svg",
      "/api/sessions",
      "/api/stream",
    ]) {
      expect([target, (await w.request({ path: target, anonymous: true })).status]).toEqual([
        target,
        401,
      ]);
      const wrong = await w.request({ path: target, headers: { "X-CCW-Token": "b".repeat(64) } });
      expect([target, wrong.status]).toEqual([target, 401]);
    }
    const first = await w.request({ path: `/?token=${w.server.token}`, anonymous: true });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/");
    const cookie = first.headers["set-cookie"]?.[0] ?? "";
    expect(cookie).toBe(
      `ccw_view_${w.server.port}=${w.server.token}; Path=/; HttpOnly; SameSite=Strict`,
    );
    const page = await w.request({
      path: "/",
      anonymous: true,
      headers: { Cookie: cookie.split(";")[0] },
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script src="/app.js" defer></script>');
    expect(page.text).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const api = await w.request({ path: `/api/sessions?token=${w.server.token}`, anonymous: true });
    expect(api.status).toBe(200);
    // Another server's cookie (another port) is not this one's.
    const other = await w.request({
      path: "/api/sessions",
      anonymous: true,
      headers: { Cookie: `ccw_view_1=${w.server.token}` },
    });
    expect(other.status).toBe(401);
  });

  it("sends the security headers and never a CORS header", async () => {
    world = await startViewWorld();
    const w = world;
    const answers = [
      await w.request({ path: "/" }),
      await w.request({ path: "/api/sessions" }),
      await w.request({ path: "/api/sessions", anonymous: true }),
      await w.request({ path: "/api/sessions", headers: { Origin: "https://evil.example" } }),
      await w.request({
        path: "/api/sessions",
        method: "OPTIONS",
        headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
      }),
    ];
    for (const answer of answers) {
      expect(answer.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
      expect(
        Object.keys(answer.headers).filter((name) => name.startsWith("access-control-")),
      ).toEqual([]);
    }
    expect(answers[4]?.status).toBe(405);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe");
  });
});

describe("ccw view: the Host header", () => {
  it("must be the loopback name and the server's port (no DNS rebinding)", async () => {
    world = await startViewWorld();
    const w = world;
    const port = w.server.port;
    const cases = [
      [`127.0.0.1:${port}`, 200],
      [`localhost:${port}`, 200],
      [`LOCALHOST:${port}`, 200],
      [`[::1]:${port}`, 200],
      [`evil.example:${port}`, 403],
      [`127.0.0.1.nip.io:${port}`, 403],
      ["127.0.0.1", 403],
      [`127.0.0.1:${port + 1}`, 403],
      // Node itself refuses an HTTP/1.1 request without a Host header.
      [undefined, 400],
    ] as const;
    for (const [host, status] of cases) {
      const answer = await w.request({ path: "/api/sessions", headers: { Host: host } });
      expect([host, answer.status]).toEqual([host, status]);
    }
  });
});

describe("ccw view: actions", () => {
  async function detail(w: ViewWorld): Promise<SessionDetail> {
    return (await w.request({ path: `/api/sessions/${A}` })).json<SessionDetail>();
  }

  it("need the token header (a cookie is not enough), JSON, and the page's own origin", async () => {
    world = await startViewWorld();
    const w = world;
    await createSession(w.store, A);
    const { updated_at } = await detail(w);
    const cookie = `ccw_view_${w.server.port}=${w.server.token}`;
    const refused = [
      [{ anonymous: true, headers: { Cookie: cookie } }, 401],
      [{ headers: { Origin: "http://evil.example" } }, 403],
      [{ headers: { Origin: `http://localhost:${w.server.port + 1}` } }, 403],
      [{ headers: { "Content-Type": "text/plain" } }, 415],
    ] as const;
    for (const [options, status] of refused) {
      const answer = await w.request({
        path: `/api/sessions/${A}/abort`,
        body: { updated_at },
        ...options,
      });
      expect(answer.status).toBe(status);
    }
    expect((await w.store.load(A)).status).toBe("planned");
    const bad = await w.request({ path: `/api/sessions/${A}/abort`, body: { seen: 1 } });
    expect(bad.status).toBe(400);
    const good = await w.request({
      path: `/api/sessions/${A}/abort`,
      body: { updated_at },
      headers: { Origin: `http://127.0.0.1:${w.server.port}` },
    });
    expect(good.status).toBe(200);
    expect((await w.store.load(A)).status).toBe("aborted");
  });

  it("are refused for a stale state: the page must have seen the state on disk", async () => {
    world = await startViewWorld();
    const w = world;
    await createSession(w.store, A);
    const seen = await detail(w);
    await w.store.save({ ...(await w.store.load(A)), status: "waiting" });
    for (const action of ["abort", "resume", "restore"]) {
      const answer = await w.request({
        path: `/api/sessions/${A}/${action}`,
        body: { updated_at: seen.updated_at, step: 0, when: "before" },
      });
      expect(answer.status).toBe(409);
      expect(answer.json()).toMatchObject({ error: { code: "stale" } });
    }
    expect((await w.store.load(A)).status).toBe("waiting");
  });

  it("abort runs the coordinator's abort; a finished session offers neither action", async () => {
    world = await startViewWorld();
    const w = world;
    await createSession(w.store, A);
    const answer = await w.request({
      path: `/api/sessions/${A}/abort`,
      body: { updated_at: (await detail(w)).updated_at },
    });
    expect(answer.json()).toEqual({ output: `${A}: aborted` });
    const events = readFileSync(w.store.files(A).events, "utf8");
    expect(events).toMatch(
      /"kind":"session\.aborted","detail":"by pid \d+ \(ccw coordinator abort\)"/,
    );
    const after = await detail(w);
    expect(after.actions).toEqual({ resume: false, abort: false, restore: false });
    for (const action of ["abort", "resume"]) {
      const again = await w.request({
        path: `/api/sessions/${A}/${action}`,
        body: { updated_at: after.updated_at },
      });
      expect(again.status).toBe(409);
    }
  });

  it("resume starts `ccw coordinator resume <id> --yes` in the background, as --detach does", async () => {
    const script =
      "require('node:fs').writeFileSync('resumed.json', JSON.stringify(process.argv.slice(1))); console.log('resumed');";
    world = await startViewWorld({ cliCommand: [process.execPath, "-e", script] });
    const w = world;
    await createSession(w.store, A);
    const answer = await w.request({
      path: `/api/sessions/${A}/resume`,
      body: { updated_at: (await detail(w)).updated_at },
    });
    expect(answer.status).toBe(202);
    const log = path.join(w.store.files(A).dir, "runner.log");
    expect(answer.json()).toEqual({ pid: expect.any(Number), log });
    const argv = await waitFor(
      () => JSON.parse(readFileSync(path.join(w.workspace, "resumed.json"), "utf8")) as string[],
    );
    expect(argv).toEqual(["coordinator", "resume", A, "--yes", "--cd", w.workspace]);
    await waitFor(() => (readFileSync(log, "utf8").includes("resumed\n") ? true : undefined));
    expect(readFileSync(w.store.files(A).events, "utf8")).toContain('"kind":"session.detached"');
  });

  it("resume is refused while a live process runs the session", async () => {
    world = await startViewWorld();
    const w = world;
    await createSession(w.store, A);
    const state = await w.store.load(A);
    const lock = await acquireSessionLock(w.store.files(A).lock);
    const saved = await w.store.save({ ...state, status: "running", owner: lock.owner });
    const answer = await w.request({
      path: `/api/sessions/${A}/resume`,
      body: { updated_at: saved.updated_at },
    });
    expect(answer.status).toBe(409);
    expect(answer.json()).toMatchObject({
      error: { code: "not_resumable", message: expect.stringContaining(`pid ${process.pid}`) },
    });
    await lock.release();
  });

  it("a step's diff and a restore need checkpoints, and say so", async () => {
    world = await startViewWorld();
    const w = world;
    await createSession(w.store, A);
    const { updated_at } = await detail(w);
    const diff = await w.request({ path: `/api/sessions/${A}/steps/0/diff` });
    expect(diff.status).toBe(404);
    expect(diff.json()).toMatchObject({
      error: { message: expect.stringContaining("has no before checkpoint") },
    });
    expect((await w.request({ path: `/api/sessions/${A}/steps/9/diff` })).status).toBe(404);
    const bad = await w.request({
      path: `/api/sessions/${A}/restore`,
      body: { updated_at, step: 0, when: "later" },
    });
    expect(bad.status).toBe(400);
    const missing = await w.request({
      path: `/api/sessions/${A}/restore`,
      body: { updated_at, step: 5, when: "after" },
    });
    expect(missing.status).toBe(404);
    const none = await w.request({
      path: `/api/sessions/${A}/restore`,
      body: { updated_at, step: 0, when: "after" },
    });
    expect([404, 409]).toContain(none.status);
    expect((await w.store.load(A)).status).toBe("planned");
  });
});
