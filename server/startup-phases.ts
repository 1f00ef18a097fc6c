// Where a start's time goes, for the "ready in" log line and test/bench/warm-start.ts: each mark
// closes the phase that ran since the previous one. The first phase starts when the process did
// (performance.timeOrigin), so it holds node's own start and the loading of the entry's imports.
// Each phase has its wall time and the CPU time of the process (all threads): on a busy machine the
// wall time grows with the wait for a core, the CPU time much less, so it still tells where work goes.

export class StartupPhases {
  private last = 0;
  private lastCpu = 0;
  private readonly phases: { name: string; ms: number; cpuMs: number }[] = [];

  constructor(firstPhase = 'node and imports') {
    this.mark(firstPhase);
  }

  /** Ends the phase called `name` now. */
  mark(name: string): void {
    const now = performance.now();
    const { user, system } = process.cpuUsage();
    const cpu = (user + system) / 1000;
    this.phases.push({ name, ms: now - this.last, cpuMs: cpu - this.lastCpu });
    this.last = now;
    this.lastCpu = cpu;
  }

  /** Milliseconds since the process started. */
  get totalMs(): number {
    return this.last;
  }

  /** "node and imports 412 ms (cpu 380), database open 1180 ms (cpu 1420), …" */
  summary(): string {
    return this.phases
      .map(({ name, ms, cpuMs }) => `${name} ${Math.round(ms)} ms (cpu ${Math.round(cpuMs)})`)
      .join(', ');
  }
}
