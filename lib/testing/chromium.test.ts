import { describe, expect, it } from "vitest";
import { findChromium } from "./chromium";

const only = (...present: string[]) => (p: string) => present.includes(p);

describe("findChromium", () => {
  it("prefers CHROMIUM_PATH and refuses one that is not there instead of falling back", () => {
    expect(findChromium({ CHROMIUM_PATH: "/opt/pw/chrome" }, only("/opt/pw/chrome", "/usr/bin/chromium"))).toEqual({ path: "/opt/pw/chrome", from: "CHROMIUM_PATH" });
    expect(findChromium({ CHROMIUM_PATH: "/nope" }, only("/usr/bin/chromium"))).toEqual({ error: "CHROMIUM_PATH=/nope is not an executable file" });
  });

  it("then /usr/bin/chromium, then chromium or chromium-browser on PATH, else nothing", () => {
    expect(findChromium({ PATH: "/snap/bin" }, only("/usr/bin/chromium", "/snap/bin/chromium"))).toEqual({ path: "/usr/bin/chromium", from: "/usr/bin/chromium" });
    expect(findChromium({ PATH: "/a:/snap/bin" }, only("/snap/bin/chromium"))).toEqual({ path: "/snap/bin/chromium", from: "PATH" });
    expect(findChromium({ PATH: "/a:/b" }, only("/b/chromium-browser"))).toEqual({ path: "/b/chromium-browser", from: "PATH" });
    expect(findChromium({ PATH: "/a" }, only())).toBeNull();
  });
});
