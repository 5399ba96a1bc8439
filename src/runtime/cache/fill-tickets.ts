import { keyMatcher } from "../pattern/key-matcher.js";

/** One load in flight whose value may be stored when it lands (a fill). */
export interface FillTicket {
  readonly key: string;
  /**
   * The probe of a soft invalidation rewriting an entry (`CacheEngine` `#expire`), not a load. The
   * expire gives up when it is superseded, so only a write whose store call is issued right then
   * supersedes it (a set, a delete, a batch, an update's write, a pattern delete's deletes) — not
   * another expire, nor the start of a write that reaches the store later (an update waiting for its
   * lock, a pattern delete listing its keys): the expire would resolve with the entry still fresh.
   */
  readonly probe: boolean;
  /** Set when a write, a drop or a message from another process touched the key after the load started. */
  superseded: boolean;
}

/**
 * The loads in flight of one cache, so that no fill outlives a later write (the stale-set race): a
 * reader misses, its load starts, a writer sets or invalidates the key, then the load lands — its value
 * was right when the load started, so the reader gets it, but it must not be stored over the write.
 * Every load takes a ticket before it asks the source; every write, drop and bus message supersedes
 * the tickets of the keys it touches before it does anything else; a fill is stored only with a ticket
 * nothing superseded (Facebook's memcache leases, within one process; stores shared between processes
 * add their own check, see `StorePartition.fill`). Only loads in flight are held: the map is as small as
 * the number of keys loading now.
 *
 * @example
 * const tickets = new FillTickets();
 * const ticket = tickets.open("user:1");
 * tickets.supersede("user:1");       // a set of 'user:1' meanwhile
 * ticket.superseded //=> true: the load's value is returned, not stored
 * tickets.close(ticket);
 */
export class FillTickets {
  readonly #open = new Map<string, Set<FillTicket>>();

  /** A ticket for a load of `key` that starts now (`probe`: an expire's, see `FillTicket.probe`). */
  open(key: string, probe = false): FillTicket {
    const ticket: FillTicket = { key, probe, superseded: false };
    let tickets = this.#open.get(key);
    if (!tickets) this.#open.set(key, (tickets = new Set()));
    tickets.add(ticket);
    return ticket;
  }

  /** The load is over (stored, refused, failed): forget its ticket. */
  close(ticket: FillTicket): void {
    const tickets = this.#open.get(ticket.key);
    if (!tickets) return;
    tickets.delete(ticket);
    if (tickets.size === 0) this.#open.delete(ticket.key);
  }

  /**
   * A write or drop of `key`: every load of it in flight must not store what it loaded (`loadsOnly`:
   * expires' probes stay, see `FillTicket.probe`). Returns whether any ticket of it was open.
   */
  supersede(key: string, loadsOnly = false): boolean {
    const tickets = this.#open.get(key);
    if (!tickets) return false;
    for (const ticket of tickets) if (!loadsOnly || !ticket.probe) ticket.superseded = true;
    return true;
  }

  /** A drop of a pattern: every load in flight of a key it matches (see `supersede`). Returns the keys superseded. */
  supersedeMatching(pattern: string, loadsOnly = false): string[] {
    if (this.#open.size === 0) return [];
    const matches = keyMatcher([pattern]);
    const keys = [...this.#open.keys()].filter(matches);
    for (const key of keys) this.supersede(key, loadsOnly);
    return keys;
  }

  /** Everything may have changed (a bus reconnect, a clear): every load in flight. Returns the keys superseded. */
  supersedeAll(): string[] {
    const keys = [...this.#open.keys()];
    for (const key of keys) this.supersede(key);
    return keys;
  }

  /** How many loads are in flight. */
  get size(): number {
    return this.#open.size;
  }
}
