import { describe, expect, it } from "vitest";
import { rovingTarget } from "./roving";

describe("rovingTarget", () => {
  it("moves with the arrows and wraps at both ends", () => {
    expect(rovingTarget("ArrowRight", 0, 3)).toBe(1);
    expect(rovingTarget("ArrowRight", 2, 3)).toBe(0);
    expect(rovingTarget("ArrowLeft", 0, 3)).toBe(2);
    expect(rovingTarget("ArrowLeft", 2, 3)).toBe(1);
  });
  it("jumps to the ends with Home and End", () => {
    expect(rovingTarget("Home", 2, 5)).toBe(0);
    expect(rovingTarget("End", 0, 5)).toBe(4);
  });
  it("ignores other keys and empty lists", () => {
    expect(rovingTarget("Enter", 1, 3)).toBeNull();
    expect(rovingTarget("ArrowDown", 1, 3)).toBeNull();
    expect(rovingTarget("ArrowRight", 0, 0)).toBeNull();
  });
});
