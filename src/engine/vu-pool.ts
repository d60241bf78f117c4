/**
 * The VUs of one arrival-rate scenario: `preAllocatedVUs` at start, grown on demand up to `maxVUs`.
 * When none is free and none can be added, the caller drops the iteration (k6 `dropped_iterations`,
 * docs/peer-conventions.md#dropped-iterations) instead of queueing it — queueing would hide overload (coordinated
 * omission). k6 initialises an extra VU in the background and drops the iteration that asked for it; a VU here
 * is a plain number, so it is added at once and that iteration runs.
 */
export class VuPool {
  readonly #free: number[] = [];
  #allocated = 0;
  #busy = 0;

  constructor(
    preAllocated: number,
    readonly maxVUs: number,
    readonly nextVuId: () => number,
  ) {
    for (let i = 0; i < preAllocated; i++) this.#free.push(this.#allocate());
  }

  #allocate(): number {
    this.#allocated++;
    return this.nextVuId();
  }

  /** A free VU id, or undefined when all `maxVUs` are busy. The most recently freed VU first. */
  acquire(): number | undefined {
    let vu = this.#free.pop();
    if (vu === undefined && this.#allocated < this.maxVUs) vu = this.#allocate();
    if (vu !== undefined) this.#busy++;
    return vu;
  }

  /** Returns a VU to the pool. */
  release(vu: number): void {
    this.#busy--;
    this.#free.push(vu);
  }

  /** VUs running an iteration now. */
  get busy(): number {
    return this.#busy;
  }

  /** VUs allocated so far. */
  get allocated(): number {
    return this.#allocated;
  }
}
