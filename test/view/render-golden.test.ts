/**
 * Each renderer's output on states built with the simulator, compared byte for byte with the
 * files in test/view/golden/ (the .txt, .mmd, .dot and .svg files are readable pictures of what
 * the renderers draw). Rewrite them after an intended change with
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/view
 *
 * and review the diff; without UPDATE_GOLDEN any difference fails.
 */
import { describe, it } from "vitest";
import { sharedSocket } from "../../examples/pictures.js";
import {
  renderDot,
  renderMermaid,
  renderSvg,
  renderText,
  type StateView,
} from "../../src/index.js";
import { expectGolden } from "./golden.js";
import { emptyState, hostileNames, networkTour, overlappedTour } from "./scenarios.js";

const STATES: readonly [string, () => StateView][] = [
  ["shared-socket", sharedSocket],
  ["network-tour", networkTour],
  ["hostile-names", hostileNames],
  ["overlapped-tour", overlappedTour],
  ["empty", emptyState],
];

describe.each(STATES)("%s", (name, build) => {
  it("text", () => expectGolden(`${name}.txt`, renderText(build())));
  it("Mermaid", () => expectGolden(`${name}.mmd`, renderMermaid(build())));
  it("DOT", () => expectGolden(`${name}.dot`, renderDot(build())));
  it("SVG", async () => expectGolden(`${name}.svg`, await renderSvg(build())));
});

describe("text at other widths and in colour", () => {
  it("network tour at 60 columns: the sockets go below the processes", () => {
    expectGolden("network-tour.60.txt", renderText(networkTour(), { width: 60 }));
  });

  it("network tour at 160 columns: nothing wraps", () => {
    expectGolden("network-tour.160.txt", renderText(networkTour(), { width: 160 }));
  });

  it("network tour in colour", () => {
    expectGolden("network-tour.ansi.txt", renderText(networkTour(), { color: true }));
  });
});
