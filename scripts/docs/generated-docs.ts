// The generated parts of docs/: each file, and how to make it from its current text.
import { renderCommandReference } from "./command-reference.js";
import { withSettingsTable } from "./settings-table.js";

export const generatedDocs: Record<string, (current: string) => string> = {
  "docs/commands.md": () => renderCommandReference(),
  "docs/configuration.md": withSettingsTable,
};
