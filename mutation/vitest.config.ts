/**
 * The tests phase 1 of mutation testing runs (mutation/stryker.config.mjs, docs/mutation.md): the
 * project's suite less the files that check no kernel behaviour of their own, with the files that
 * kill kernel mutants soonest run first.
 *
 * Stryker runs a mutant's covering tests one file after another on one worker and stops at the
 * first failure (bail 1), so the order decides what a killed mutant costs: the focused kernel
 * tests take a second or two, the oracle's random runs several.
 */

import { defineConfig, mergeConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "../vitest.config.js";

/** Files run in this order of their first matching prefix; files under no prefix run last. */
const ORDER = [
  // First (phase 2 only, see below): it imports every kernel module inside a test, so that a
  // mutant that breaks a module while it loads fails a test (a file that cannot be imported runs
  // no test, and Stryker would count the mutant as surviving).
  "test/kernel/modules-load.test.ts",
  "test/kernel/",
  "test/api/",
  "test/net/",
  "test/events/",
  "spec/options.property.test.ts",
  "spec/creation.property.test.ts",
  "spec/duplication.property.test.ts",
  "spec/events.property.test.ts",
  "spec/robustness.property.test.ts",
  "spec/network.property.test.ts",
  "spec/kernel.property.test.ts",
  "test/scenario/",
  "test/view/",
  "test/lessons.test.ts",
  "test/examples.test.ts",
];

function rank(spec: TestSpecification): number {
  const path = spec.moduleId.slice(spec.project.config.root.length + 1);
  const i = ORDER.findIndex((prefix) => path.startsWith(prefix));
  return i < 0 ? ORDER.length : i;
}

class KernelFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Ties keep the path order, so a run is repeatable.
    return [...files].sort((a, b) => rank(a) - rank(b) || (a.moduleId < b.moduleId ? -1 : 1));
  }
}

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        // Wine, the native harness and its trace format: none of it is kernel code, and the
        // kernel runs there only to make fixtures that other tests check directly.
        "test/harness/**",
        // The packed package and the fresh-project timing run in child processes, out of
        // Stryker's sight.
        "test/package/**",
        "test/oracle/doc-example-timing.test.ts",
        // The oracle's own tests (random scenarios generated, run and compared: about 15 s)
        // check src/oracle; the kernel reaches them only through calls the kernel's own tests and
        // properties make. Left out, a surviving kernel mutant costs half as much, and the score
        // can only be lower, never higher, than the whole suite's.
        "test/oracle/**",
        // Phase 2's: with one module graph per run, its imports inside a test would make the
        // kernel's load-time code look covered by that one test instead of static, and phase 1
        // would run such mutants against it alone.
        "test/kernel/modules-load.test.ts",
      ],
      sequence: { sequencer: KernelFirst },
      // One module graph for all the files of a run, instead of one per file: a mutant's run takes
      // a third of the time (27.7 s to 8.9 s for test/api, kernel, net and events on one worker).
      // Every Stryker run still starts a fresh worker (vitest keeps a shared worker only while
      // files of the same run are queued), so no module state passes from one mutant to the next;
      // the suite passes this way (checked with --isolate=false).
      isolate: false,
    },
  }),
);
