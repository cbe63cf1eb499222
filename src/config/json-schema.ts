import { VERSION } from "../core/version.js";
import { SETTING_KEYS, SETTINGS, type SettingSpec } from "./schema.js";

/** Where the package ships the config files' JSON Schema (package.json "files"). */
export const CONFIG_SCHEMA_FILE = "schema/config.schema.json";

/**
 * The schema of this version, as `config init` names it in "$schema": the file the npm package ships, served
 * by a CDN of npm packages, so an editor fetches the schema of the licensectl that wrote the file.
 */
export const CONFIG_SCHEMA_URL = `https://unpkg.com/licensectl@${VERSION}/${CONFIG_SCHEMA_FILE}`;

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft-07) of a licensectl config file, made from the settings table: every key with its
 * type, accepted values and description, the same keys inside each of "profiles", "$schema", and nothing
 * else (additionalProperties false: a misspelt key is an error in an editor, where licensectl only warns).
 */
export function configJsonSchema(): JsonSchema {
  const settings = Object.fromEntries(SETTING_KEYS.map((key) => [key, settingSchema(SETTINGS[key])]));
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: CONFIG_SCHEMA_URL.replace(`@${VERSION}`, ""),
    title: "licensectl configuration",
    description:
      "A licensectl config file (.licensectlrc.json / .yaml, licensectl.config.json, the user config, or the " +
      '"licensectl" key of package.json). Generated from the settings table: npm run docs.',
    type: "object",
    properties: {
      $schema: { type: "string", description: "the JSON Schema that editors validate this file against" },
      ...settings,
      profiles: {
        type: "object",
        description:
          "named sets of settings, chosen with --profile or LICENSECTL_PROFILE; each overrides the file's own",
        additionalProperties: {
          type: "object",
          properties: settings,
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  };
}

function settingSchema(spec: SettingSpec): JsonSchema {
  const described = (schema: JsonSchema): JsonSchema => ({
    ...schema,
    description: `${spec.description} (env ${spec.env}${spec.secret ? "; a secret: keep it in your user config or the environment" : ""})`,
    ...(spec.default === undefined ? {} : { default: spec.default }),
  });
  switch (spec.type) {
    case "boolean":
      return described({ type: "boolean" });
    case "integer":
      return described({
        type: "integer",
        minimum: spec.min ?? 1,
        maximum: spec.max ?? Number.MAX_SAFE_INTEGER,
      });
    case "url":
      return described({ type: "string", pattern: "^[Hh][Tt][Tt][Pp][Ss]?://" });
    default:
      return described({
        type: "string",
        minLength: 1,
        ...(spec.choices ? { enum: [...spec.choices] } : {}),
      });
  }
}

/** The shipped file's text: the schema, two-space JSON, a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
