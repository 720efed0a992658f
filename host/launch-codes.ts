// The browser we start gets a one-time code instead of the token: a command line is readable by
// every local user (ps, /proc/PID/cmdline) for as long as the browser runs, and the URL lands in
// browser history. A spent or expired code is worthless in both places.
import { newToken, sameSecret } from './auth';

export class LaunchCodes {
  private readonly codes = new Map<string, number>(); // code -> expiry (ms since epoch)

  constructor(private readonly ttlMs = 120_000) {}

  mint(): string {
    const code = newToken();
    this.codes.set(code, Date.now() + this.ttlMs);
    return code;
  }

  consume(given: string): boolean {
    for (const [code, expires] of this.codes) {
      if (!sameSecret(given, code)) continue;
      this.codes.delete(code);
      return expires >= Date.now();
    }
    return false;
  }
}
