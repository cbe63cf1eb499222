import type { Option } from "commander";

/**
 * The values an option accepts that commander does not check itself (the -o formats, which the runtime checks
 * with its own message; a setting's choices, which the settings layer checks for every source): completion
 * offers them. Kept on the option itself, a plain property, so the completion script (in the lazily loaded
 * commands bundle) reads what the tree (in the start-up bundle) wrote.
 */
export function offerValues(option: Option, values: readonly string[]): Option {
  return Object.assign(option, { offeredValues: values });
}

/** The values an option accepts, for completion: commander's choices, or those offered above. */
export function valueChoices(option: Option): readonly string[] | undefined {
  return option.argChoices ?? (option as Option & { offeredValues?: readonly string[] }).offeredValues;
}
