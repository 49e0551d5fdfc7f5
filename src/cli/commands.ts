/**
 * The winsock-sim command line: run scenario files, show the state after a step as a picture,
 * and explain the rules catalogue.
 */
import { rules } from "../rules/catalogue.js";
import { exploreFile } from "./explore.js";
import { runFiles } from "./run.js";
import { SHOW_FORMATS, type ShowFormat, show } from "./show.js";
import { wrap } from "./wrap.js";

const USAGE = `usage: winsock-sim <command>

commands:
  run [--json] [--explain] [--state] FILE...
                   run scenario files; exit 0 all passed, 1 an expectation failed, 2 a file
                   unusable. --explain prints under each step the rules behind it in words and
                   what it changed; --state prints the state after each step (with --json: the
                   state view, docs/state-view.md)
  explore FILE [--json] [--out DIR] [--max-steps N] [--max-depth N]
                   run every schedule of the file's concurrent lanes; print each distinct
                   outcome with how many schedules reach it, and each expectation that fails
                   in some schedule with the shortest schedule failing it (--out DIR writes
                   those as scenario files that \`run\` replays); exit 0 all held, 1 one failed,
                   2 a file unusable, 3 a bound stopped exploration (docs/explore.md)
  show FILE [--step N] [--format text|mermaid|dot|svg|json]
                   the state after step N (default: the last step) as a picture or as JSON
  rules [PREFIX]   list every rule id with its statement, or only the rules whose id starts
                   with PREFIX (case ignored)
  rule ID...       show rules in full: statement, source, links, and where Windows differs
  help             show this text
`;

/**
 * Each command's own usage, for `winsock-sim COMMAND --help`, taken from its entry in USAGE so
 * that the two cannot disagree: the synopsis, then the description.
 */
function commandUsage(command: string): string {
  const lines = USAGE.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`  ${command} `));
  let end = start + 1;
  while (end < lines.length && /^ {5,}/.test(lines[end] as string)) end++;
  const [synopsis, ...first] = (lines[start] as string).trim().split(/ {3,}/);
  const description = [...first, ...lines.slice(start + 1, end)].map((l) => l.trim()).join(" ");
  return `usage: winsock-sim ${synopsis}\n\n${block(description, "  ")}\n`;
}

const block = (text: string, indent: string) => wrap(text, indent).join("\n");

/** Splits arguments into known flags, options with a value, and the rest; unknown flags fail. */
function parse(
  command: string,
  args: readonly string[],
  flags: readonly string[],
  valued: readonly string[],
): { flags: Set<string>; values: Map<string, string>; rest: string[] } | string {
  const found = new Set<string>();
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) {
      rest.push(arg);
    } else if (arg === "--help") {
      found.add(arg);
    } else if (flags.includes(arg)) {
      found.add(arg);
    } else if (valued.includes(arg)) {
      const value = args[i + 1];
      if (value === undefined) return `winsock-sim ${command}: ${arg} needs a value`;
      values.set(arg, value);
      i += 1;
    } else {
      return `winsock-sim ${command}: unknown option "${arg}"\n\n${USAGE}`;
    }
  }
  return { flags: found, values, rest };
}

async function showCommand(
  args: readonly string[],
  out: (line: string) => void,
  color: boolean,
): Promise<number> {
  const parsed = parse("show", args, [], ["--step", "--format"]);
  if (typeof parsed === "string") {
    out(parsed);
    return 2;
  }
  if (parsed.flags.has("--help")) {
    out(commandUsage("show"));
    return 0;
  }
  const [file, ...extra] = parsed.rest;
  if (file === undefined || extra.length > 0) {
    out("winsock-sim show: name exactly one scenario file");
    return 2;
  }
  const format = parsed.values.get("--format") ?? "text";
  if (!(SHOW_FORMATS as readonly string[]).includes(format)) {
    out(`winsock-sim show: --format: expected one of ${SHOW_FORMATS.join(", ")}, got "${format}"`);
    return 2;
  }
  const stepText = parsed.values.get("--step");
  if (stepText !== undefined && !/^\d+$/.test(stepText)) {
    out(`winsock-sim show: --step: expected a step number, got "${stepText}"`);
    return 2;
  }
  return show(
    {
      file,
      format: format as ShowFormat,
      color,
      ...(stepText === undefined ? {} : { step: Number(stepText) }),
    },
    { out },
  );
}

function exploreCommand(args: readonly string[], out: (line: string) => void): number {
  const parsed = parse("explore", args, ["--json"], ["--out", "--max-steps", "--max-depth"]);
  if (typeof parsed === "string") {
    out(parsed);
    return 2;
  }
  if (parsed.flags.has("--help")) {
    out(commandUsage("explore"));
    return 0;
  }
  const [file, ...extra] = parsed.rest;
  if (file === undefined || extra.length > 0) {
    out("winsock-sim explore: name exactly one scenario file");
    return 2;
  }
  const bounds: Record<string, number> = {};
  for (const [flag, key] of [
    ["--max-steps", "maxSteps"],
    ["--max-depth", "maxDepth"],
  ] as const) {
    const value = parsed.values.get(flag);
    if (value === undefined) continue;
    if (!/^[1-9]\d{0,8}$/.test(value)) {
      out(
        `winsock-sim explore: ${flag}: expected a whole number from 1 to 999999999, got "${value}"`,
      );
      return 2;
    }
    bounds[key] = Number(value);
  }
  const outDir = parsed.values.get("--out");
  return exploreFile(
    {
      file,
      json: parsed.flags.has("--json"),
      ...(outDir === undefined ? {} : { out: outDir }),
      options: bounds,
    },
    out,
  );
}

/** `rules [PREFIX]`: every rule, or those whose id starts with PREFIX (case ignored). */
function rulesCommand(args: readonly string[], out: (line: string) => void): number {
  const parsed = parse("rules", args, [], []);
  if (typeof parsed === "string") {
    out(parsed);
    return 2;
  }
  if (parsed.flags.has("--help")) {
    out(commandUsage("rules"));
    return 0;
  }
  if (parsed.rest.length > 1) {
    out("winsock-sim rules: name at most one prefix of rule ids");
    return 2;
  }
  const prefix = (parsed.rest[0] ?? "").toUpperCase();
  const chosen = [...rules().values()].filter((r) => r.id.toUpperCase().startsWith(prefix));
  if (chosen.length === 0) {
    out(
      `winsock-sim rules: no rule id starts with "${parsed.rest[0]}" (see \`winsock-sim rules\`)`,
    );
    return 2;
  }
  for (const rule of chosen) out(`${rule.id}\n${block(rule.statement, "  ")}`);
  return 0;
}

function ruleCommand(ids: readonly string[], out: (line: string) => void): number {
  if (ids.length === 0) {
    out("winsock-sim rule: name at least one rule id (see `winsock-sim rules`)");
    return 2;
  }
  let status = 0;
  for (const id of ids) {
    const rule = rules().get(id);
    if (rule === undefined) {
      out(`winsock-sim rule: no rule "${id}" in the catalogue`);
      status = 2;
      continue;
    }
    out(`${rule.id}\n${block(rule.statement, "  ")}\n  source:\n${block(rule.source, "    ")}`);
    if (rule.windows !== undefined) out(`  windows:\n${block(rule.windows, "    ")}`);
    // The url stays on one line of its own, unwrapped, so that a terminal can open it.
    const links = rule.links.map((l) => `${block(l.title, "    ")}\n      ${l.url}`);
    if (links.length > 0) out(`  links:\n${links.join("\n")}`);
  }
  return status;
}

export async function main(
  args: readonly string[],
  out: (line: string) => void,
  color = false,
): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "run": {
      const parsed = parse("run", rest, ["--json", "--explain", "--state"], []);
      if (typeof parsed === "string") {
        out(parsed);
        return 2;
      }
      if (parsed.flags.has("--help")) {
        out(commandUsage("run"));
        return 0;
      }
      if (parsed.rest.length === 0) {
        out("winsock-sim run: name at least one scenario file");
        return 2;
      }
      return runFiles(parsed.rest, { out, color }, parsed.flags.has("--json"), {
        explain: parsed.flags.has("--explain"),
        state: parsed.flags.has("--state"),
      });
    }
    case "explore":
      return exploreCommand(rest, out);
    case "show":
      return showCommand(rest, out, color);
    case "rules":
      return rulesCommand(rest, out);
    case "rule":
      return ruleCommand(rest, out);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      out(`winsock-sim: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
