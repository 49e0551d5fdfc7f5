/**
 * `winsock-sim explore FILE`: runs every schedule of the file's concurrent lanes and reports
 * the distinct outcomes, and for each expectation that fails in some schedule, the shortest
 * schedule that fails it; `--out DIR` writes each of those as a plain scenario file that
 * `winsock-sim run` replays.
 *
 * Exit status: 0 every expectation holds in every schedule; 1 one fails in some schedule; 2 the
 * file cannot be used; 3 a bound stopped exploration before any expectation failed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type ExploreOptions, explore } from "../explore/explore.js";
import { exploreReport } from "../explore/report.js";
import { withStepLine } from "../scenario/error-line.js";
import { parseScenario } from "../scenario/read.js";
import type { Scenario } from "../scenario/types.js";
import { ScenarioError } from "../scenario/types.js";
import { readScenarioFile } from "./read-file.js";

export interface ExploreCommand {
  readonly file: string;
  readonly json: boolean;
  /** Where to write the shortest failing schedules, one file each. */
  readonly out?: string;
  readonly options: ExploreOptions;
}

/** The file name of failure `n` (from 1) of `file`: "race.fail-1.json". */
export function failureFileName(file: string, n: number): string {
  return `${basename(file).replace(/\.(json|ya?ml)$/i, "")}.fail-${n}.json`;
}

export function exploreFile(command: ExploreCommand, out: (line: string) => void): number {
  const { file } = command;
  let text = "";
  let scenario: Scenario;
  let result: ReturnType<typeof explore>;
  try {
    text = readScenarioFile(file);
    scenario = parseScenario(file, text);
    if (scenario.concurrent === undefined)
      throw new ScenarioError(
        file,
        'field "concurrent"',
        "expected concurrent lanes to explore (docs/explore.md); a file without them has one schedule: run it with `winsock-sim run`",
      );
    result = explore(file, scenario, command.options);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    out((text === "" ? error : withStepLine(error, text)).message);
    return 2;
  }
  const written: string[] = [];
  if (command.out !== undefined) {
    mkdirSync(command.out, { recursive: true });
    result.failures.forEach((failure, i) => {
      const path = join(command.out as string, failureFileName(file, i + 1));
      const replay = {
        ...failure.scenario,
        title: `${failure.scenario.title}: the shortest schedule failing ${failure.place}, expect.${failure.expectation}`,
      };
      writeFileSync(path, `${JSON.stringify(replay, null, 2)}\n`);
      written.push(path);
    });
  }
  if (command.json) out(JSON.stringify({ ...result, written }, null, 2));
  else for (const line of exploreReport(scenario, result, written)) out(line);
  if (result.failures.length > 0) return 1;
  return result.complete ? 0 : 3;
}
