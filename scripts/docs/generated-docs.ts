// The generated parts of docs/ and the shipped config schema: each file, and how to make it from its current text.
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from "../../src/config/json-schema.js";
import { renderCommandReference } from "./command-reference.js";
import { withSettingsTable } from "./settings-table.js";

export const generatedDocs: Record<string, (current: string) => string> = {
  "docs/commands.md": () => renderCommandReference(),
  "docs/configuration.md": withSettingsTable,
  [CONFIG_SCHEMA_FILE]: () => configJsonSchemaText(),
};
