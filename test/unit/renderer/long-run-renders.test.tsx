// @vitest-environment jsdom
// A 500-step run: moving the keyboard focus re-renders the step it leaves and the step it
// reaches, not the list; a tick re-renders the ticked step and the steps whose "cannot start
// yet" line it changes. Each step row renders its status line once per render, so the status
// lines rendered (by id) are the step rows rendered; each render of the list renders every phase.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import { checkStepCommand } from '../../../core/run/commands';
import type { AnyEvent } from '../../../core/run/events';
import { applyEvent } from '../../../core/run/reduce';
import type { Runbook, Step } from '../../../core/runbook/model';
import { createAppStore } from '../../../renderer/store';
import { FAKE_NOW, fakeConnection } from './fake-api';
import { mountApp } from './mount-app';

const rendered: string[] = [];
vi.mock('../../../renderer/features/run/StepStatusLine', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../renderer/features/run/StepStatusLine')>();
  return {
    ...real,
    StepStatusLine: (props: Parameters<typeof real.StepStatusLine>[0]) => {
      rendered.push(props.id.replace(/^st-/, ''));
      return real.StepStatusLine(props);
    },
  };
});

const phases: string[] = [];
vi.mock('../../../renderer/features/run/now-next/PhaseFold', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../renderer/features/run/now-next/PhaseFold')>();
  return {
    PhaseFold: (props: Parameters<typeof real.PhaseFold>[0]) => {
      phases.push(props.id);
      return real.PhaseFold(props);
    },
  };
});

const step = (n: number, phaseId: string): Step => ({
  id: `s${n}`,
  title: `Step ${n}`,
  phaseId,
  kind: 'manual',
  description: '',
  attrs: { after: [], retries: 0, expectExit: 0, continueOnFailure: false },
  line: n,
});
const big: Runbook = {
  id: 'big',
  title: 'Five hundred steps',
  version: '1.0.0',
  tags: [],
  rtoMs: 8 * 3_600_000,
  params: {},
  hosts: {},
  phases: Array.from({ length: 10 }, (_, p) => ({
    id: `p${p + 1}`,
    title: `Phase ${p + 1}`,
    budgetMs: 2_700_000,
    description: '',
    line: p * 60 + 1,
    steps: Array.from({ length: 50 }, (_, s) => step(p * 50 + s + 1, `p${p + 1}`)),
  })),
};

/** The fake engine with the 500-step runbook: every reply is a fresh copy, as over the wire. */
async function mountBigRun() {
  const { conn } = fakeConnection('jane');
  const base = await conn.api.getRun({ runId: 'r1' });
  const view: RunView = { runbook: big, state: { ...base.state, runbook: { ...base.state.runbook, id: 'big' } } };
  conn.api.getRun = async () => structuredClone(view);
  conn.api.getClock = async () => computeClock(big, view.state, FAKE_NOW);
  conn.api.completeStep = async (i) => {
    const e = checkStepCommand(view.state, big, { kind: 'complete', ...i });
    const event = { seq: view.state.lastSeq + 1, at: '2026-01-01T10:05:00.000Z', prev: '0'.repeat(64), ...e } as AnyEvent;
    view.state = applyEvent(view.state, event, '0'.repeat(64));
    return structuredClone(view);
  };
  const store = createAppStore(conn);
  await mountApp(store);
  await screen.findByText('Step 500');
  return store;
}
const key = (k: string) => act(() => void fireEvent.keyDown(window, { key: k }));
const stepEl = (id: string) => document.querySelector(`[data-step-id="${id}"]`)!;

beforeEach(() => {
  window.location.hash = '#/run/r1';
});
afterEach(cleanup);

describe('a 500-step run view renders only what changed', () => {
  it('j and k re-render the two steps the focus moves between, not the list', async () => {
    await mountBigRun();
    await waitFor(() => expect(document.activeElement).toBe(stepEl('s1')));
    expect(document.querySelectorAll('li.run-step')).toHaveLength(500);
    rendered.length = 0;
    phases.length = 0;
    await key('j');
    expect(document.activeElement).toBe(stepEl('s2'));
    expect(stepEl('s2').classList.contains('is-focused')).toBe(true);
    expect(stepEl('s1').classList.contains('is-focused')).toBe(false);
    expect(rendered.sort()).toEqual(['s1', 's2']);
    expect(phases).toEqual([]);
    rendered.length = 0;
    await key('k');
    expect(document.activeElement).toBe(stepEl('s1'));
    expect(rendered.sort()).toEqual(['s1', 's2']);
    expect(phases).toEqual([]);
  });

  it('a tick re-renders the ticked step and the steps whose blocker it changed', async () => {
    const store = await mountBigRun();
    await waitFor(() => expect(document.activeElement).toBe(stepEl('s1')));
    expect(stepEl('s2').textContent).toContain('Cannot start yet: waiting for "s1" (pending)');
    expect(stepEl('s51').textContent).toContain('"s1" (pending), "s2" (pending), "s3" (pending), and 47 more');
    const before = store.getState().run!;
    rendered.length = 0;
    await key(' ');
    await waitFor(() => expect(stepEl('s1').getAttribute('data-status')).toBe('done'));
    // s1 changed; s2 may start now; s51's list of the open steps of phase 1 moved on by one.
    expect(stepEl('s2').textContent).not.toContain('Cannot start yet');
    expect(stepEl('s51').textContent).toContain('"s2" (pending), "s3" (pending), "s4" (pending), and 46 more');
    expect([...new Set(rendered)].sort()).toEqual(['s1', 's2', 's51']);
    // The reply was a fresh copy; what did not change kept its objects, what changed did not.
    const after = store.getState().run!;
    expect(after).not.toBe(before);
    expect(after.runbook).toBe(before.runbook);
    expect(after.state.steps.s1).not.toBe(before.state.steps.s1);
    expect(after.state.steps.s1?.status).toBe('done');
  });
});
