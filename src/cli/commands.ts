/**
 * The winsock-sim command line. For now it explains the rules catalogue; running scenario files
 * (`winsock-sim run FILE...`) arrives with the scenario format.
 */
import { rules } from "../rules/catalogue.js";
import { runFiles } from "./run.js";

const USAGE = `usage: winsock-sim <command>

commands:
  run [--json] FILE...   run scenario files; exit 0 all passed, 1 an expectation failed, 2 a file unusable
  rules            list every rule id with its statement
  rule ID...       show rules in full: statement, source, and where Windows differs from the docs
  help             show this text
`;

function wrap(text: string, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line.length > 0 && line.length + word.length + 1 > 96 - indent.length) {
      lines.push(line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.map((l) => indent + l).join("\n");
}

export function main(args: readonly string[], out: (line: string) => void, color = false): number {
  const [command, ...rest] = args;
  switch (command) {
    case "run": {
      const json = rest.includes("--json");
      const files = rest.filter((a) => a !== "--json");
      if (files.length === 0) {
        out("winsock-sim run: name at least one scenario file");
        return 2;
      }
      return runFiles(files, { out, color }, json);
    }
    case "rules":
      for (const rule of rules().values()) out(`${rule.id}\n${wrap(rule.statement, "  ")}`);
      return 0;
    case "rule": {
      if (rest.length === 0) {
        out("winsock-sim rule: name at least one rule id (see `winsock-sim rules`)");
        return 2;
      }
      let status = 0;
      for (const id of rest) {
        const rule = rules().get(id);
        if (rule === undefined) {
          out(`winsock-sim rule: no rule "${id}" in the catalogue`);
          status = 2;
          continue;
        }
        out(`${rule.id}\n${wrap(rule.statement, "  ")}\n  source:\n${wrap(rule.source, "    ")}`);
        if (rule.windows !== undefined) out(`  windows:\n${wrap(rule.windows, "    ")}`);
        // The url stays on one line of its own, unwrapped, so that a terminal can open it.
        const links = rule.links.map((l) => `${wrap(l.title, "    ")}\n      ${l.url}`);
        if (links.length > 0) out(`  links:\n${links.join("\n")}`);
      }
      return status;
    }
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
