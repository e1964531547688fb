import { describe, expect, it } from "vitest";
import { can, isRole, PERMISSIONS, ROLES } from "./roles";

describe("roles", () => {
  it("viewer reads only", () => {
    expect(can("viewer", "read")).toBe(true);
    expect(can("viewer", "operate")).toBe(false);
    expect(can("viewer", "admin")).toBe(false);
  });
  it("operator reads and operates, but is no admin", () => {
    expect(can("operator", "read")).toBe(true);
    expect(can("operator", "operate")).toBe(true);
    expect(can("operator", "admin")).toBe(false);
  });
  it("admin holds every permission", () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can("admin", p)).toBe(true);
  });
  it("no role holds nothing", () => {
    expect(can(null, "read")).toBe(false);
    expect(can(undefined, "read")).toBe(false);
  });
  it("isRole accepts exactly the three roles", () => {
    for (const r of ROLES) expect(isRole(r)).toBe(true);
    for (const v of ["Admin", "root", "", null, 1, "viewer "]) expect(isRole(v)).toBe(false);
  });
});
