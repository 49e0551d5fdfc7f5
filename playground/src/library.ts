/**
 * The lessons (docs/lessons/*.json) and shipped examples (examples/scenarios and its subfolders) the menu
 * offers. They are globbed at build time, so a new lesson file appears without a code change,
 * and kept as raw text, so the editor shows them as they were written.
 */

export interface LibraryEntry {
  /**
   * "lessons/01-descriptor-is-not-a-socket", "examples/split-read-write",
   * "examples/every-order/two-workers-accept": stable, for links.
   */
  readonly id: string;
  readonly group: "Lessons" | "Examples";
  readonly title: string;
  readonly text: string;
}

const lessons = import.meta.glob<string>("../../docs/lessons/*.json", {
  query: "?raw",
  import: "default",
  eager: true,
});
const examples = import.meta.glob<string>("../../examples/scenarios/**/*.json", {
  query: "?raw",
  import: "default",
  eager: true,
});

function entries(
  files: Record<string, string>,
  group: LibraryEntry["group"],
  folder: string,
): LibraryEntry[] {
  return Object.keys(files)
    .sort()
    .map((path) => {
      const text = files[path] as string;
      // The path below the globbed folder: an example in a subfolder keeps the subfolder.
      const name = path
        .replace(/^(\.\.\/)+(docs\/lessons|examples\/scenarios)\//, "")
        .replace(/\.json$/, "");
      let title = name;
      try {
        const parsed = JSON.parse(text) as { title?: unknown };
        if (typeof parsed.title === "string") title = parsed.title;
      } catch {
        // A lesson being written may be invalid for a moment; the editor will say where.
      }
      return { id: `${folder}/${name}`, group, title, text };
    });
}

export const LIBRARY: readonly LibraryEntry[] = [
  ...entries(lessons, "Lessons", "lessons"),
  ...entries(examples, "Examples", "examples"),
];

export function libraryEntry(id: string): LibraryEntry | undefined {
  return LIBRARY.find((entry) => entry.id === id);
}

/** The entry whose text is exactly `text`, so that an unchanged lesson gets a short link. */
export function entryWithText(text: string): LibraryEntry | undefined {
  return LIBRARY.find((entry) => entry.text === text);
}
