import type { Command, Option } from "commander";
import { shellQuote } from "../../core/shell-quote.js";
import { valueChoices } from "../runtime/value-choices.js";

/** The commander tree reduced to what a completion script needs. */
export interface CompletionNode {
  /** Words from the program name down, e.g. ["vars", "set"]. */
  readonly path: readonly string[];
  readonly names: readonly string[];
  readonly description: string;
  readonly options: readonly CompletionOption[];
  /** Fixed values of the command's arguments (e.g. the shells of `completion`). */
  readonly argumentChoices: readonly string[];
  readonly children: readonly CompletionNode[];
}

export interface CompletionOption {
  readonly flags: readonly string[];
  readonly description: string;
  readonly takesValue: boolean;
  readonly choices: readonly string[] | undefined;
  /** A path is expected (file completion). */
  readonly file: boolean;
}

const FILE_VALUE = /<(path|file)>/;

export function completionTree(command: Command, path: readonly string[] = []): CompletionNode {
  return {
    path,
    names: [command.name(), ...command.aliases()],
    description: command.description(),
    options: command.options.filter((o) => !o.hidden).map(toOption),
    argumentChoices: command.registeredArguments.flatMap((argument) => argument.argChoices ?? []),
    children: command.commands
      .filter((c) => c.name() !== "help")
      .map((child) => completionTree(child, [...path, child.name()])),
  };
}

function toOption(option: Option): CompletionOption {
  return {
    flags: [option.short, option.long].filter((f): f is string => typeof f === "string"),
    description: option.description,
    takesValue: option.required || option.optional,
    choices: valueChoices(option),
    file: FILE_VALUE.test(option.flags),
  };
}

function allNodes(node: CompletionNode): CompletionNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

/** Every way to type each command's path (aliases included), e.g. "vars ls" → the `vars list` node. */
function spelledPaths(node: CompletionNode, prefix = ""): Array<[string, CompletionNode]> {
  return [
    [prefix, node],
    ...node.children.flatMap((child) =>
      child.names.flatMap((name) => spelledPaths(child, prefix ? `${prefix} ${name}` : name)),
    ),
  ];
}

interface Candidate {
  readonly word: string;
  readonly description: string;
}

const optionWords = (options: readonly CompletionOption[]): Candidate[] =>
  options.flatMap((o) => o.flags.map((word) => ({ word, description: o.description })));

const HELP: Candidate[] = [
  { word: "-h", description: "show help" },
  { word: "--help", description: "show help" },
];

/** What can follow a command besides the global options: its subcommands, argument values and options. */
function candidates(node: CompletionNode): Candidate[] {
  return [
    ...node.children.flatMap((c) => c.names.map((word) => ({ word, description: c.description }))),
    ...node.argumentChoices.map((word) => ({ word, description: word })),
    ...optionWords(node.options),
    ...(node.path.length === 0 ? HELP : []),
  ];
}

/** Options that work after any subcommand: the root's (but --version) and help. */
const globalOptions = (root: CompletionNode) => [
  ...optionWords(root.options.filter((o) => !o.flags.includes("--version"))),
  ...HELP,
];

/**
 * The shell loop both bash and zsh scripts share: walk the typed words, skip option values, and extend
 * `cmdpath` only with words that name a subcommand at that point.
 */
function pathLoop(root: CompletionNode, wordsVar: string, start: number, end: string): string {
  const paths = spelledPaths(root)
    .map(([p]) => p)
    .filter(Boolean);
  const valueFlags = [
    ...new Set(
      allNodes(root)
        .flatMap((n) => n.options)
        .filter((o) => o.takesValue)
        .flatMap((o) => o.flags),
    ),
  ];
  return `  local cmdpath="" word i
  for ((i = ${start}; i < ${end}; i++)); do
    word="\${${wordsVar}[i]}"
    case "$word" in
      ${valueFlags.join("|")}) ((i++)) ;;
      -*) ;;
      *) case "\${cmdpath:+$cmdpath }$word" in
           ${paths.map(shellQuote).join("|")}) cmdpath="\${cmdpath:+$cmdpath }$word" ;;
         esac ;;
    esac
  done`;
}

/**
 * The values after an option, matched on "<command path> <option>": the same flag takes other values in other
 * commands (`--format` of vars set and of vars export, `-o` everywhere). A global option's values follow it
 * in any command.
 */
function valueCases(root: CompletionNode, choices: (c: readonly string[]) => string, files: string): string {
  const completes = (o: CompletionOption) => o.takesValue && (o.choices || o.file);
  const action = (o: CompletionOption) => `${o.choices ? choices(o.choices) : files}; return ;;`;
  const own = spelledPaths(root)
    .filter(([path]) => path !== "")
    .flatMap(([path, node]) =>
      node.options
        .filter(completes)
        .map((o) => `    ${o.flags.map((f) => shellQuote(`${path} ${f}`)).join("|")}) ${action(o)}`),
    );
  const global = root.options
    .filter(completes)
    .map((o) => `    ${o.flags.map((f) => `*${shellQuote(` ${f}`)}`).join("|")}) ${action(o)}`);
  return [...own, ...global].join("\n");
}

/** bash: `source <(licensectl completion bash)`. */
export function bashScript(root: CompletionNode, program: string): string {
  const words = (list: Candidate[]) => shellQuote(list.map((c) => c.word).join(" "));
  const cases = spelledPaths(root).map(
    ([p, n]) =>
      `    ${shellQuote(p)}) words=${words(candidates(n))}${p ? ' words="$words $globals"' : ""} ;;`,
  );
  return `# ${program} completion for bash. Load it with: source <(${program} completion bash)
_${program}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" words=""
  local globals=${words(globalOptions(root))}
${pathLoop(root, "COMP_WORDS", 1, "COMP_CWORD")}
  case "$cmdpath $prev" in
${valueCases(root, (c) => `COMPREPLY=($(compgen -W ${shellQuote(c.join(" "))} -- "$cur"))`, `COMPREPLY=($(compgen -f -- "$cur"))`)}
  esac
  case "$cmdpath" in
${cases.join("\n")}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _${program} ${program}
`;
}

/** zsh: `source <(licensectl completion zsh)` (after compinit). */
export function zshScript(root: CompletionNode, program: string): string {
  const describe = (list: Candidate[]) => list.map((c) => shellQuote(`${c.word}:${c.description}`)).join(" ");
  const cases = spelledPaths(root).map(
    ([p, n]) => `    ${shellQuote(p)}) entries=(${describe(candidates(n))}${p ? ' "$globals[@]"' : ""}) ;;`,
  );
  return `#compdef ${program}
# ${program} completion for zsh. Load it with: source <(${program} completion zsh)
_${program}() {
  local -a entries globals
  globals=(${describe(globalOptions(root))})
${pathLoop(root, "words", 2, "CURRENT")}
  case "$cmdpath \${words[CURRENT-1]}" in
${valueCases(root, (c) => `compadd -- ${c.join(" ")}`, "_files")}
  esac
  case "$cmdpath" in
${cases.join("\n")}
  esac
  _describe -t commands ${shellQuote(program)} entries
}
compdef _${program} ${program}
`;
}

/** fish: `licensectl completion fish | source`. */
export function fishScript(root: CompletionNode, program: string): string {
  const lines = [
    `# ${program} completion for fish. Load it with: ${program} completion fish | source`,
    `complete -c ${program} -f`,
  ];
  const optionLine = (o: CompletionOption, condition: string | undefined) => {
    const flags = o.flags
      .map((f) => (f.startsWith("--") ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`))
      .join(" ");
    const value = o.choices
      ? ` -x -a ${shellQuote(o.choices.join(" "))}`
      : o.file
        ? " -r -F"
        : o.takesValue
          ? " -x"
          : "";
    return `complete -c ${program}${condition ? ` -n ${shellQuote(condition)}` : ""} ${flags}${value} -d ${shellQuote(o.description)}`;
  };
  for (const o of root.options) lines.push(optionLine(o, undefined));
  lines.push(`complete -c ${program} -s h -l help -d 'show help'`);
  for (const node of allNodes(root)) {
    const here = node.path.length === 0 ? "__fish_use_subcommand" : inside(node, root);
    for (const child of node.children) {
      for (const name of child.names)
        lines.push(
          `complete -c ${program} -n ${shellQuote(here)} -a ${name} -d ${shellQuote(child.description)}`,
        );
    }
    if (node.path.length > 0) for (const o of node.options) lines.push(optionLine(o, inside(node, root)));
  }
  return `${lines.join("\n")}\n`;
}

/** fish condition: the words of `node`'s path were typed and none of its children yet. */
function inside(node: CompletionNode, root: CompletionNode): string {
  const seen = node.path.map((_, i) => {
    const names = nodeAt(root, node.path.slice(0, i + 1))?.names ?? [];
    return `__fish_seen_subcommand_from ${names.join(" ")}`;
  });
  const children = node.children.flatMap((c) => c.names);
  return [
    ...seen,
    ...(children.length ? [`not __fish_seen_subcommand_from ${children.join(" ")}`] : []),
  ].join("; and ");
}

function nodeAt(root: CompletionNode, path: readonly string[]): CompletionNode | undefined {
  return allNodes(root).find((n) => n.path.join(" ") === path.join(" "));
}
