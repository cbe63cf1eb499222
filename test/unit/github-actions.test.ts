import { describe, expect, it } from "vitest";
import { annotation, escapeData, escapeProperty } from "../../src/output/github-actions.js";
import {
  deviceSummaryMarkdown,
  escapeMarkdown,
  fleetSummaryMarkdown,
} from "../../src/output/github-actions-summary.js";

describe("workflow-command escaping", () => {
  it("escapes % first, then CR and LF, in a message", () => {
    expect(escapeData("100%\r\n::error::x")).toBe("100%25%0D%0A::error::x");
  });

  it("also escapes : and , in a property", () => {
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("keeps a server's text on the one line of its command, so it cannot start another", () => {
    const line = annotation("error", "licensectl: x,y", "denied\n::warning::injected\r\n::add-mask::z");
    expect(line).toBe("::error title=licensectl%3A x%2Cy::denied%0A::warning::injected%0D%0A::add-mask::z");
    expect(line.split(/\r|\n/)).toHaveLength(1);
  });
});

describe("step summary Markdown", () => {
  it("makes server text inert: no HTML, links, emphasis, table cells or new lines", () => {
    const text = escapeMarkdown("<img src=x> [a](http://e.x) *b* | c\n# d");
    expect(text).not.toMatch(/<|>|\n/);
    expect(text).toContain("\\[a\\]\\(http\\://e\\.x\\)");
    expect(text).toContain("\\*b\\* \\| c\\\\u000a\\# d"); // shown as: *b* | c\u000a # d
  });

  it("lists each variable before → after with the outcome, values in code spans a backtick cannot end", () => {
    const markdown = deviceSummaryMarkdown({
      command: "vars set",
      device: "hw-1",
      changes: [
        { variable: "seats", before: "4", after: 5 },
        { variable: "note", before: null, after: "a`b|c" },
      ],
      outcome: "2 set",
      failed: false,
    });
    expect(markdown).toBe(
      [
        "### ✅ licensectl vars set: device hw\\-1",
        "",
        "**Outcome:** 2 set",
        "",
        "| variable | before | after |",
        "| --- | --- | --- |",
        "| seats | `4` | `5` |",
        "| note | — | `aˋb\\|c` |",
        "",
        "",
      ].join("\n"),
    );
  });

  it("heads a failed write's values 'wanted': what the device holds is not known", () => {
    const markdown = deviceSummaryMarkdown({
      command: "vars set",
      device: "hw-1",
      changes: [{ variable: "a", before: null, after: 1 }],
      outcome: "failed: refused",
      failed: true,
    });
    expect(markdown).toContain("### ❌ licensectl vars set");
    expect(markdown).toContain("| variable | before | wanted |");
  });

  it("gives many devices as counts and the first failures", () => {
    const markdown = fleetSummaryMarkdown({
      command: "vars set",
      devices: 50,
      succeeded: 48,
      failed: 2,
      firstFailures: [
        { device: "hw-7", message: "Device not found" },
        { device: "hw-9", message: "<script>" },
      ],
    });
    expect(markdown).toContain("**Outcome:** 48 succeeded, 2 failed.");
    expect(markdown).toContain("| hw\\-9 | &lt;script&gt; |");
  });
});
