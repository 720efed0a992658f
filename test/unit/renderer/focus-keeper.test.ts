// @vitest-environment jsdom
// Focus never drops to <body>: a focused control that goes away or is disabled hands focus to its
// step on the checklist, or waits for a control off the checklist to come back; a click on the
// page's background is left alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepFocus } from '../../../renderer/features/shared/focus-keeper';

let stop: () => void;
const tick = () => new Promise((r) => setTimeout(r, 10));

beforeEach(() => {
  document.body.innerHTML = `
    <main><h2>Run</h2>
      <section><h3 id="sec">Export</h3><button id="sign">Sign</button></section>
      <ol><li data-step-id="copy" tabindex="-1"><button id="run">Run</button></li></ol>
      <p id="plain">text</p>
    </main>`;
  // jsdom lays nothing out: every element counts as shown.
  HTMLElement.prototype.getClientRects = () => [{}] as unknown as DOMRectList;
  stop = keepFocus();
});
afterEach(() => stop());

describe('keepFocus', () => {
  it('a removed control in a step: focus goes to that step', async () => {
    document.getElementById('run')!.focus();
    document.getElementById('run')!.remove();
    await tick();
    expect(document.activeElement?.getAttribute('data-step-id')).toBe('copy');
  });

  it('a disabled control in a step: focus goes to that step at once', async () => {
    const run = document.getElementById('run') as HTMLButtonElement;
    run.focus();
    run.disabled = true; // focus stays on it (jsdom, some browsers) or drops to <body> (Chromium)
    await tick();
    expect(document.activeElement?.getAttribute('data-step-id')).toBe('copy');
  });

  it('a control off the checklist disabled for a while: focus comes back to it when enabled', async () => {
    const sign = document.getElementById('sign') as HTMLButtonElement;
    sign.focus();
    sign.disabled = true;
    await tick();
    expect(document.activeElement?.id, 'not moved away while it is disabled').toBe('sign');
    sign.disabled = false;
    await tick();
    expect(document.activeElement).toBe(sign);
  });

  it('a control removed with its form: the heading of the section it was in', async () => {
    const sign = document.getElementById('sign')!;
    sign.focus();
    sign.remove();
    await tick();
    expect(document.activeElement?.id).toBe('sec');
    expect(document.activeElement?.getAttribute('tabindex')).toBe('-1');
  });

  it('a click on the background is the user choosing: focus is not pulled back', async () => {
    const sign = document.getElementById('sign')!;
    sign.focus();
    document.getElementById('plain')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    sign.blur();
    await tick();
    expect(document.activeElement).toBe(document.body);
  });
});
