import { describe, expect, it } from "vitest";
import { checkHost } from "../../ccw/src/view/run-view.js";
import {
  allowedHostHeaders,
  cookieValue,
  hostHeaderAllowed,
  isLoopbackHost,
  originAllowed,
  requestAuthorized,
} from "../../ccw/src/view/security.js";
import { isInside, relativePathProblem } from "../../ccw/src/view/session-file.js";

const TOKEN = "f".repeat(64);

describe("view security checks", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.10", false],
    ["example.com", false],
    ["localhost.example.com", false],
  ])("isLoopbackHost(%s) is %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it("answers only to the loopback names with its port, and the bound host's own name", () => {
    const loopback = allowedHostHeaders("127.0.0.1", 8080);
    expect([...loopback]).toEqual(["127.0.0.1:8080", "localhost:8080", "[::1]:8080"]);
    expect(hostHeaderAllowed("LocalHost:8080", loopback)).toBe(true);
    expect(hostHeaderAllowed("attacker.example:8080", loopback)).toBe(false);
    expect(hostHeaderAllowed(undefined, loopback)).toBe(false);
    expect([...allowedHostHeaders("192.168.1.10", 80)]).toContain("192.168.1.10:80");
    expect([...allowedHostHeaders("fe80::1", 80)]).toContain("[fe80::1]:80");
  });

  it.each([
    ["GET", { query: TOKEN, cookie: undefined, header: undefined }, true],
    ["GET", { query: null, cookie: TOKEN, header: undefined }, true],
    ["GET", { query: null, cookie: undefined, header: TOKEN }, true],
    ["GET", { query: "f", cookie: undefined, header: undefined }, false],
    ["GET", { query: null, cookie: undefined, header: undefined }, false],
    ["POST", { query: null, cookie: undefined, header: TOKEN }, true],
    ["POST", { query: TOKEN, cookie: TOKEN, header: undefined }, false],
    ["POST", { query: null, cookie: TOKEN, header: `${TOKEN}0` }, false],
  ] as const)("%s with %o is authorized: %s", (method, credentials, authorized) => {
    expect(requestAuthorized(method, credentials, TOKEN)).toBe(authorized);
  });

  it("reads cookies and compares origins", () => {
    expect(cookieValue("a=1; ccw_view_9=abc; b=2", "ccw_view_9")).toBe("abc");
    expect(cookieValue("ccw_view_90=abc", "ccw_view_9")).toBeUndefined();
    expect(originAllowed(undefined, "127.0.0.1:9")).toBe(true);
    expect(originAllowed("http://127.0.0.1:9", "127.0.0.1:9")).toBe(true);
    expect(originAllowed("http://evil.example", "127.0.0.1:9")).toBe(false);
    expect(originAllowed("null", "127.0.0.1:9")).toBe(false);
  });

  it.each([
    ["steps/01-a/artifacts/plan.md", undefined],
    ["state.json", undefined],
    ["", "the path is empty"],
    ["../x", "the path has an empty, '.' or '..' segment"],
    ["a/./b", "the path has an empty, '.' or '..' segment"],
    ["a//b", "the path has an empty, '.' or '..' segment"],
    ["/etc/passwd", "the path is absolute"],
    ["C:/x", "the path is absolute"],
    ["a\\b", "the path holds a backslash (use /)"],
    ["a\0b", "the path holds a NUL character"],
    ["x".repeat(1025), "the path is longer than 1024 characters"],
  ])("relativePathProblem(%j)", (relative, problem) => {
    expect(relativePathProblem(relative)).toBe(problem);
  });

  it("tells inside from outside", () => {
    expect(isInside("/a/b", "/a/b/c")).toBe(true);
    expect(isInside("/a/b", "/a/b")).toBe(false);
    expect(isInside("/a/b", "/a/bc")).toBe(false);
    expect(isInside("/a/b", "/a")).toBe(false);
  });

  it("refuses a host that is not loopback unless --unsafe-host, then warns", () => {
    expect(checkHost("127.0.0.1", false)).toBeUndefined();
    expect(() => checkHost("0.0.0.0", false)).toThrow(
      "--host 0.0.0.0 is not the loopback interface",
    );
    expect(checkHost("0.0.0.0", true)).toMatch(/^warning: ccw view listens on 0\.0\.0\.0/);
  });
});
