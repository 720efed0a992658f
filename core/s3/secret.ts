// A credential that cannot leak by accident: JSON.stringify, String() and console.log all show
// a mask, so a config object dropped into a log line, the journal or a report stays safe.
import { inspect } from 'node:util';

const MASK = '[secret]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The only way to the value: call it where the SDK needs it, nowhere else. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return MASK;
  }

  toString(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return MASK;
  }
}
