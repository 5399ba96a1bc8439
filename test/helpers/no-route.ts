/**
 * A `remotes` entry for an owner layer a test never writes through to. A layer whose writes cascade to
 * another layer must be given a route to it when it is created (G7, `cascade-needs-route`); a test about
 * something else gives this lazy entry, which promises a route and never has one: a cascade that did reach
 * that layer would be kept in the outbox, not lost.
 *
 * @example
 * createLayer(app, "edge", { remotes: { server: noRouteInThisTest } })
 */
export const noRouteInThisTest = (): undefined => undefined;
