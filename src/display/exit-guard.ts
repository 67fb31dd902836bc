/**
 * The process-wide hook that runs pending restores on every way out: the console's
 * (console/console.ts) and a KMS output's CRTC (kms/kms-driver.ts). It sits in display/
 * so that both layers can use it.
 */

/**
 * Runs pending restores on every way out of the process. Listeners are installed only
 * while something is pending, so a program that has closed its console gets Node's
 * own signal behaviour back.
 */
class ExitGuard {
  readonly #pending = new Set<() => void>();
  static readonly SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    // Someone else listening means the program handles this signal itself (and exits,
    // which restores again harmlessly); otherwise die of it as if we were never here.
    const alone = process.listenerCount(signal) === 1;
    this.#runAll();
    if (alone) process.kill(process.pid, signal);
  };

  readonly #onFatalException = (): void => {
    // 'uncaughtExceptionMonitor' also fires for a rejection Node is about to treat as
    // fatal; it fires for handled exceptions too, so only act when nobody handles them.
    if (process.listenerCount('uncaughtException') === 0) this.#runAll();
  };

  readonly #onExit = (): void => this.#runAll();

  add(restore: () => void): void {
    if (this.#pending.size === 0) this.#install();
    this.#pending.add(restore);
  }

  delete(restore: () => void): void {
    this.#pending.delete(restore);
    if (this.#pending.size === 0) this.#uninstall();
  }

  #runAll(): void {
    for (const restore of [...this.#pending]) restore();
    this.#uninstall();
  }

  #install(): void {
    for (const signal of ExitGuard.SIGNALS) process.on(signal, this.#onSignal);
    process.on('uncaughtExceptionMonitor', this.#onFatalException);
    process.on('exit', this.#onExit);
  }

  #uninstall(): void {
    for (const signal of ExitGuard.SIGNALS) process.removeListener(signal, this.#onSignal);
    process.removeListener('uncaughtExceptionMonitor', this.#onFatalException);
    process.removeListener('exit', this.#onExit);
  }
}

export const exitGuard = new ExitGuard();
