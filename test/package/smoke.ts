/**
 * Packaging smoke test (`npm run test:package`, run by CI after `npm test`): the package as a
 * user gets it. Packs the repository with `npm pack` (which builds dist/ through `prepare`),
 * installs the tarball into a fresh project in a temporary directory, and checks that
 *
 * - the README section "Using the package outside this checkout" holds true there: its CLI
 *   commands (a shipped scenario, `npx winsock-sim run node_modules/winsock-sim/examples/...`)
 *   pass, and its program runs as written;
 * - an ESM program imports `winsock-sim`, `winsock-sim/oracle` (with fast-check, its optional
 *   peer) and `winsock-sim/package.json`, and gets the expected answers;
 * - a consumer .ts file type-checks against the shipped .d.ts with this repository's TypeScript
 *   and with TypeScript 5 (`--module nodenext`, no skipLibCheck).
 *
 * The temporary directory is removed afterwards, also on failure (set WINSOCK_SIM_KEEP_SMOKE=1 to
 * keep it for inspection). Dependencies come from npm's cache or the registry.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const started = performance.now();

function run(command: string, args: readonly string[], cwd: string): string {
  const shown = `${command} ${args.join(" ")}`;
  const t0 = performance.now();
  try {
    const out = execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, npm_config_update_notifier: "false" },
    });
    console.log(`ok   ${shown}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return out;
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    console.error(`FAIL ${shown} (exit ${e.status})\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    throw new Error(`package smoke test failed at: ${shown}`);
  }
}

/** The text of the README section with this title, up to the next section. */
function readmeSection(title: string): string {
  const text = readFileSync(join(repo, "README.md"), "utf8");
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no section "${title}"`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The fenced code blocks of one language. */
function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp(`^\`\`\`${lang}\n([\\s\\S]*?)^\`\`\`$`, "gm"))].map(
    (m) => m[1] ?? "",
  );
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`package smoke test: ${what}`);
  console.log(`ok   ${what}`);
}

const CONSUMER_MJS = `import { createRequire } from "node:module";
import { AF_INET, SOCK_STREAM, Simulation, WSADATA, renderText, view } from "winsock-sim";
import { checkImplementation, compareScenario, readScenario, simulatorWorld } from "winsock-sim/oracle";
import { readFileSync } from "node:fs";

const sim = new Simulation();
const a = sim.createProcess("A").main;
if (a.WSAStartup(0x0202, new WSADATA()) !== 0) throw new Error("WSAStartup failed");
const s = a.socket(AF_INET, SOCK_STREAM, 0);
const text = renderText(view(sim.state));
if (!text.includes(\`\${s} → socket #1\`)) throw new Error(\`renderText: \${text}\`);

const file = "node_modules/winsock-sim/examples/scenarios/split-read-write.json";
const scenario = readScenario(file, readFileSync(file, "utf8"));
const difference = compareScenario(scenario, () => simulatorWorld());
if (difference !== undefined) throw new Error("the simulator differs from itself");
const runs = checkImplementation(() => simulatorWorld(), { numRuns: 5, seed: 1 });
if (runs !== 5) throw new Error(\`checkImplementation ran \${runs}\`);

const { version } = createRequire(import.meta.url)("winsock-sim/package.json");
console.log(\`consumer ok: socket \${s}, \${scenario.steps.length} steps compared, \${runs} oracle runs, version \${version}\`);
`;

// No DOM or Node types here: the consumer needs only the package's own declarations.
const CONSUMER_TS = `import {
  AF_INET,
  SOCK_STREAM,
  Simulation,
  type StateView,
  WSADATA,
  renderText,
  view,
} from "winsock-sim";
import { type World, checkImplementation, simulatorWorld } from "winsock-sim/oracle";

const sim = new Simulation({ record: true });
const a = sim.createProcess("A").main;
a.WSAStartup(0x0202, new WSADATA());
const s: number = a.socket(AF_INET, SOCK_STREAM, 0);
const shown: StateView = view(sim.state);
export const text: string = renderText(shown);
export const socket = s;
const world: World = simulatorWorld();
export const runs: number = checkImplementation(() => world, { numRuns: 1 });
// @ts-expect-error the facade takes numeric constants, not their names
a.socket("AF_INET", SOCK_STREAM, 0);
`;

const work = mkdtempSync(join(tmpdir(), "winsock-sim-package-"));
try {
  run("npm", ["pack", "--pack-destination", work, "--silent"], repo);
  const tarballs = readdirSync(work).filter((name) => name.endsWith(".tgz"));
  check(tarballs.length === 1, `npm pack made one tarball (${tarballs.join(", ")})`);
  const project = join(work, "consumer");
  mkdirSync(project);
  copyFileSync(join(work, tarballs[0]!), join(project, tarballs[0]!));
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      `./${tarballs[0]}`,
      "fast-check@4",
      "typescript@5",
    ],
    project,
  );
  const installed = join(project, "node_modules/winsock-sim");
  check(existsSync(join(installed, "LICENSE")), "the package carries its LICENSE");
  check(!existsSync(join(installed, "src")), "the package ships dist/, not src/");
  check(
    readdirSync(join(installed, "examples")).join() === "scenarios",
    "examples/ holds only the scenario files",
  );
  const map = JSON.parse(readFileSync(join(installed, "dist/index.js.map"), "utf8"));
  check(
    Array.isArray(map.sourcesContent) && map.sourcesContent.length === map.sources.length,
    "the source maps carry their TypeScript sources",
  );

  // The README section's commands and program, as written, in the fresh project.
  const readme = readmeSection("Using the package outside this checkout");
  const commands = blocks(readme, "sh")
    .flatMap((block) => block.split("\n"))
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line.startsWith("npx winsock-sim "));
  check(commands.length > 0, "the README section shows the CLI");
  for (const line of commands) {
    const [command, ...args] = line.split(/\s+/);
    const cli = run(command!, args, project);
    check(/\b\d+ passed, 0 failed\b/.test(cli), `${line}: all passed`);
  }
  const programs = blocks(readme, "js");
  check(programs.length === 1, "the README section shows one program");
  writeFileSync(join(project, "readme.mjs"), programs[0]!);
  const shown = run("node", ["readme.mjs"], project);
  check(/process A/.test(shown) && /socket #1/.test(shown), "the README program prints the state");

  writeFileSync(join(project, "consumer.mjs"), CONSUMER_MJS);
  const out = run("node", ["consumer.mjs"], project);
  check(out.startsWith("consumer ok:"), out.trim());

  writeFileSync(join(project, "consumer.ts"), CONSUMER_TS);
  const tscFlags = [
    "--noEmit",
    "--strict",
    "--module",
    "nodenext",
    "--target",
    "es2022",
    "consumer.ts",
  ];
  const ours = run(join(repo, "node_modules/.bin/tsc"), ["--version"], project).trim();
  run(join(repo, "node_modules/.bin/tsc"), tscFlags, project);
  check(true, `consumer.ts type-checks with the repository's TypeScript (${ours})`);
  const five = run(join(project, "node_modules/.bin/tsc"), ["--version"], project).trim();
  check(five.startsWith("Version 5."), `TypeScript 5 installed (${five})`);
  run(join(project, "node_modules/.bin/tsc"), tscFlags, project);
  check(true, `consumer.ts type-checks with ${five}`);

  console.log(
    `package smoke test passed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  if (process.env.WINSOCK_SIM_KEEP_SMOKE === "1") console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
