import type { Command } from "commander";
import type { ContextFactory } from "./build-tree.js";
import { chooseFormat, type OutputFormat } from "./output-format.js";
import type { AnyVerb, ArgSpec, FlagSpec } from "./verb.js";

/**
 * A verb's action, the same for every verb: read its arguments and flags as declared, choose the output
 * format (the one place: -o and --json), make the run's context, and call its `run` (whose module is imported
 * only now) with what it declared it needs opened on first use.
 */
export async function runVerb(
  verb: AnyVerb,
  command: Command,
  program: Command,
  context: ContextFactory,
): Promise<void> {
  const opts = command.opts<Record<string, unknown>>();
  const flags: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries((verb.flags ?? {}) as Record<string, FlagSpec>))
    flags[key] =
      spec.type === "boolean" ? opts[key] === true : spec.repeatable ? (opts[key] ?? []) : opts[key];
  const args = ((verb.args ?? []) as readonly ArgSpec[]).map((spec, i) => {
    const value = command.processedArgs[i] as unknown;
    return spec.variadic ? ((value as string[] | undefined) ?? []) : value;
  });
  const json = program.opts().json === true;
  const format: OutputFormat | undefined = verb.output
    ? chooseFormat(json, opts.output as OutputFormat | undefined, verb.output.formats[0])
    : undefined;
  // Commander's wording and code for a missing required flag, raised after the output check above.
  for (const [key, spec] of Object.entries((verb.flags ?? {}) as Record<string, FlagSpec>))
    if (spec.type === "text" && spec.required && opts[key] === undefined)
      command.error(`error: required option '${spec.flags}' not specified`, {
        code: "commander.missingMandatoryOptionValue",
        exitCode: 2,
      });
  const ctx = context(verb.output ? format === "json" : json);
  const { out, io, signal } = ctx;
  // What the run may open, from a module of the commands bundle (the settings and sessions are not start-up code).
  const { openNeeds } = await import("./run-open-needs.js");
  const opened = openNeeds(verb.name, verb.needs, ctx);
  await verb.run({ args, flags, format, out, io, signal, ctx, root: program, ...opened });
}
