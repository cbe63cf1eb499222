import { describe, expect, it } from "vitest";
import type { DeviceVariable } from "../../src/api/device-variables.js";
import { renderPlan } from "../../src/commands/vars/set/render-plan.js";
import { countActions, planChanges } from "../../src/variables/change-plan.js";
import { captureOutput } from "../helpers/streams.js";

const stored = (variable: string, value: string): DeviceVariable => ({
  variable,
  value,
  device_id: 1,
  created_at: "2026-01-01T00:00:00.000Z",
});
const current = [stored("channel", "stable"), stored("seats", "5"), stored("on", "true")];

describe("planChanges", () => {
  it("sorts by name and compares the stored text with String(new value)", () => {
    const plan = planChanges(
      current,
      new Map<string, string | number | boolean>([
        ["seats", 5],
        ["on", true],
        ["channel", "beta"],
        ["new", ""],
      ]),
    );
    expect(plan).toEqual([
      { variable: "channel", action: "changed", old_value: "stable", new_value: "beta" },
      { variable: "new", action: "added", old_value: null, new_value: "" },
      { variable: "on", action: "unchanged", old_value: "true", new_value: true },
      { variable: "seats", action: "unchanged", old_value: "5", new_value: 5 },
    ]);
    expect(countActions(plan)).toEqual({ added: 1, changed: 1, unchanged: 2 });
  });

  it("counts a stored text that stands for the value as unchanged (5.0 for 5, True for true), like a write's check", () => {
    const plan = planChanges(
      [stored("n", "5.0"), stored("b", "True"), stored("s", "5.0")],
      new Map<string, string | number | boolean>([
        ["n", 5],
        ["b", true],
        ["s", "5"],
      ]),
    );
    expect(plan.map((p) => [p.variable, p.action])).toEqual([
      ["b", "unchanged"],
      ["n", "unchanged"],
      ["s", "changed"],
    ]);
  });
});

describe("renderPlan", () => {
  const hardwareId = { value: "hw-1", source: { type: "flag", name: "--hardware-id" } } as const;
  const plan = planChanges(
    current,
    new Map<string, string | number>([
      ["channel", "be\u001b[2Jta"],
      ["seats", 5],
      ["x", 1],
    ]),
  );

  it("says nothing was sent and shows changes as old → new, escaped", () => {
    const { out, streams } = captureOutput({ tty: true });
    renderPlan(out, plan, hardwareId);
    expect(streams.stdout).toBe(
      [
        "Dry run, nothing was sent: 1 to add, 1 to change, 1 unchanged · hardware ID hw-1 (flag --hardware-id)",
        "VARIABLE  CHANGE     VALUE",
        "channel   changed    stable → be\\e[2Jta",
        "seats     unchanged  5",
        "x         added      1",
        "",
      ].join("\n"),
    );
  });

  it("prints the plan as one JSON object with --json", () => {
    const { out, streams } = captureOutput({ json: true });
    renderPlan(out, plan, hardwareId);
    expect(JSON.parse(streams.stdout)).toEqual({ variables: plan, added: 1, changed: 1, unchanged: 1 });
    expect(Object.keys(JSON.parse(streams.stdout).variables[0])).toEqual([
      "variable",
      "action",
      "old_value",
      "new_value",
    ]);
  });
});
