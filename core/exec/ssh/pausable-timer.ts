// A deadline that does not count time spent waiting for a person: it stops while any question
// to the commander is open (pause/resume nest) and restarts with what was left.

/** A deadline timer that stops while a prompt is open and restarts with what was left. */
export function pausableTimer(ms: number, onFire: () => void) {
  let left = ms;
  let started = Date.now();
  let prompts = 0;
  const fire = () => {
    t = undefined;
    prompts = -Infinity; // fired once: a later pause/resume starts nothing
    onFire();
  };
  let t: NodeJS.Timeout | undefined = setTimeout(fire, left);
  return {
    pause() {
      if (prompts++ === 0 && t) {
        clearTimeout(t);
        t = undefined;
        left -= Date.now() - started;
      }
    },
    resume() {
      if (--prompts === 0) {
        started = Date.now();
        t = setTimeout(fire, Math.max(0, left));
      }
    },
    clear() {
      if (t) clearTimeout(t);
      t = undefined;
      prompts = -Infinity;
    },
  };
}
