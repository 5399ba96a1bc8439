/**
 * The heartbeat of a bus: a ping every `heartbeatMs`, and a watch that calls `onSilence` each time
 * `livenessMs` passes with nothing heard. A subscription can stay open and deliver nothing (a
 * half-open TCP connection, a proxy that black-holes): only hearing something proves it delivers.
 */

/** Options of `Heartbeat`. */
export interface HeartbeatOptions {
  readonly heartbeatMs: number;
  readonly livenessMs: number;
  /** Sends one ping (it must not throw; a ping that is lost is what the watch is for). */
  readonly ping: () => void;
  /** Nothing heard for `livenessMs`; called again after each further `livenessMs` of silence. */
  readonly onSilence: () => void;
}

/**
 * Pings and watches for silence.
 *
 * @example
 * const heartbeat = new Heartbeat({ heartbeatMs: 1000, livenessMs: 2500, ping: () => console.log("ping"), onSilence: () => console.log("silent: subscribe afresh") });
 * heartbeat.start();
 * heartbeat.heard(); // on each message the subscription delivers
 * heartbeat.stop();
 */
export class Heartbeat {
  readonly #options: HeartbeatOptions;
  #lastHeard = 0;
  #pinger: ReturnType<typeof setInterval> | undefined;
  #watch: ReturnType<typeof setTimeout> | undefined;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#pinger !== undefined;
  }

  /** Starts pinging, and counts silence from now. */
  start(): void {
    if (this.#pinger) return;
    this.#lastHeard = performance.now();
    this.#pinger = setInterval(() => this.#options.ping(), this.#options.heartbeatMs);
    this.#pinger.unref?.();
    this.#arm(this.#options.livenessMs);
  }

  /** Something arrived: the subscription delivers. */
  heard(): void {
    this.#lastHeard = performance.now();
  }

  /** Counts silence from now (a fresh subscription gets a whole `livenessMs` to be heard). */
  restartWatch(): void {
    this.#lastHeard = performance.now();
  }

  stop(): void {
    clearInterval(this.#pinger);
    clearTimeout(this.#watch);
    this.#pinger = this.#watch = undefined;
  }

  // One timer, set for the moment silence would reach the bound; a message meanwhile moves that moment.
  #arm(ms: number): void {
    this.#watch = setTimeout(
      () => {
        const quiet = performance.now() - this.#lastHeard;
        const { livenessMs } = this.#options;
        if (quiet < livenessMs) {
          this.#arm(livenessMs - quiet);
          return;
        }
        this.#lastHeard = performance.now();
        this.#arm(livenessMs);
        this.#options.onSilence();
      },
      Math.max(1, ms),
    );
    this.#watch.unref?.();
  }
}
