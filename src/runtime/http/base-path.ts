/**
 * The path prefix a served layer lives under (`serveLayer(layer, { basePath })`), and request paths
 * resolved as URL parsers resolve them, so that what the handler says it serves (`handler.handles`)
 * is what it then answers, whatever dot segments a request carries.
 */

const DUMMY_ORIGIN = "http://localhost";

/**
 * `basePath` as the handler compares it: a URL path with a leading `/` and no trailing one (`""` for
 * the root), exactly as a request line carries it.
 *
 * @example
 * normalizeBasePath("/cache/") //=> "/cache"
 * normalizeBasePath("/")       //=> ""
 * @throws TypeError for a prefix that is not a plain URL path (a query, a fragment, dot segments, a space)
 */
export function normalizeBasePath(basePath: string | undefined): string {
  const given = (basePath ?? "/").replace(/\/+$/, "");
  const path = given.startsWith("/") || given === "" ? given : `/${given}`;
  let parsed: string;
  try {
    parsed = new URL(`${DUMMY_ORIGIN}${path}/`).pathname.slice(0, -1);
  } catch {
    parsed = "";
  }
  if (parsed !== path || /[?#]/.test(path)) {
    throw new TypeError(
      `✗ basePath '${String(basePath)}' is not a plain URL path — give the path as a request line carries it, e.g. '/cache' or '/my%20cache'`,
    );
  }
  return path;
}

/**
 * A request path (as received, before any normalisation) as URL parsers resolve it: dot segments,
 * written or percent-encoded, and backslashes resolved, so that `/cache/../c/x` is judged as `/c/x`;
 * `undefined` when no parser would take it.
 *
 * @example
 * resolvedPath("/cache/c/product_cache")    //=> "/cache/c/product_cache"
 * resolvedPath("/cache/%2e%2e/c/x")          //=> "/c/x"
 */
export function resolvedPath(path: string): string | undefined {
  if (!path.includes("/.") && !/%2e/i.test(path) && !path.includes("\\")) return path;
  try {
    // Appended, not resolved against the origin: `//host/…` is a path here, as in a request line.
    return new URL(`${DUMMY_ORIGIN}${path}`).pathname;
  } catch {
    return undefined;
  }
}
