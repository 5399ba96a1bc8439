/**
 * A borrower's requests must reach the owner, not an HTTP cache on the way: the owner's answers may be
 * kept by browsers and CDNs for their `max-age` (read-headers.ts), which hear no invalidation, while a
 * borrower reads again precisely because it heard one. So `remoteLayer` asks with `cache: "no-store"`
 * (Fetch standard): the runtime's own HTTP cache is neither read nor filled, and the request carries
 * `Cache-Control: no-cache` and `Pragma: no-cache`, which make a cache on the way revalidate with the
 * owner (RFC 9111 §5.2.1.4) — and, unlike a header the page sets itself, need no CORS preflight.
 */

/**
 * `doFetch` with `cache: "no-store"` on every request; a runtime that refuses the option (workerd
 * before its 2024-11-11 compatibility date, which has no HTTP cache in `fetch` anyway) is asked
 * without it from then on.
 *
 * @example
 * const fetchOwner = ownerFetch(globalThis.fetch)
 * await fetchOwner("https://edge.example/c/product_cache?key=products%3A1")
 */
export function ownerFetch(doFetch: typeof fetch): typeof fetch {
  let withCacheOption = true;
  return async (input, init) => {
    if (!withCacheOption) return doFetch(input, init);
    try {
      return await doFetch(input, { ...init, cache: "no-store" });
    } catch (error) {
      if (!refusesCacheOption(error)) throw error;
      withCacheOption = false;
      return doFetch(input, init);
    }
  };
}

function refusesCacheOption(error: unknown): boolean {
  return error instanceof TypeError && /'cache' field|cache mode|cache.*not (implemented|supported)|unsupported.*cache/i.test(error.message);
}
