/**
 * The limits on what a scenario file may make the runner do. Each one turns input that would
 * hang, exhaust memory or overflow the stack into a file that cannot be used (exit status 2,
 * with a message naming the limit), and each is far above anything a scenario needs.
 *
 * Documented in docs/scenario-format.md ("Limits").
 */

/** The largest file read, in bytes: a scenario is a few kilobytes; /dev/zero never ends. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * How deeply arrays and objects may nest (the top-level object is depth 1). The deepest real
 * scenario values (a WSAPoll array of objects inside a oneOf in expect) are about 8 deep; every
 * reader of values after the parser recurses, and 5,000 levels overflow its stack.
 */
export const MAX_DEPTH = 64;

/**
 * The most times a YAML document may expand its aliases (the `yaml` package's maxAliasCount):
 * nine aliases of nine aliases of ... (a "billion laughs") would build a value of billions of
 * nodes from a few hundred bytes.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * The largest buffer the runner allocates itself, in bytes: when a step leaves a buffer out
 * (recv's buf) its size comes from a length argument, and `"len": 1e10` would ask for 10 GB.
 */
export const MAX_BUFFER_BYTES = 16 * 1024 * 1024;
