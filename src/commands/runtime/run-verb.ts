import type { Command } from "commander";
import type { Context } from "../../context.js";
import { type LoadedSettings, loadSettings } from "../../sessions/load-settings.js";
import type { ContextFactory } from "./build-tree.js";
import { chooseFormat, type OutputFormat } from "./output-format.js";
import type { Opened } from "./run-open-needs.js";
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
  const ctx = context(verb.output ? format === "json" : json);
  let loaded: LoadedSettings | undefined;
  const settings = () => {
    loaded ??= loadSettings(ctx);
    return loaded;
  };
  const { out, io, signal } = ctx;
  await verb.run({
    args,
    flags,
    format,
    out,
    io,
    signal,
    settings,
    ctx,
    root: program,
    ...(await openers(verb, ctx, settings)),
  });
}

/** What the verb declared it needs, each opened when the run first asks (after it checked its input). */
async function openers(verb: AnyVerb, ctx: Context, settings: () => LoadedSettings): Promise<Opened> {
  const undeclared = (need: string) => () => {
    throw new Error(`${verb.name} did not declare that it needs ${need}`);
  };
  const opened =
    verb.needs === "device" || verb.needs === "management"
      ? (await import("./run-open-needs.js")).openNeeds(verb.needs, ctx, settings)
      : {};
  return {
    device: opened.device ?? undeclared("the device"),
    management: opened.management ?? undeclared("the Management API"),
  };
}
