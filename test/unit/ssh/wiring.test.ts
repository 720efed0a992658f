// SSH plugs into the executor registry as a host resolver; scripts reach the remote shell intact.
import { describe, expect, it } from 'vitest';
import { ExecutorRegistry } from '../../../core/exec/registry';
import { remoteCommand, scriptPayload } from '../../../core/exec/ssh/remote-command';
import { sshForRun } from '../../../core/exec/ssh/ssh-run';
import type { CommandAction } from '../../../core/runbook/model';

describe('SSH wiring', () => {
  it('resolves inventory hosts to the SSH executor, nothing else', async () => {
    const inventory = {
      hosts: new Map([
        ['db1', { name: 'db1', address: '127.0.0.1', port: 1, user: 'x', identities: [], jump: [], groups: [], origin: 't' }],
      ]),
      knownHosts: '/dev/null',
    };
    const ssh = sshForRun({ inventory, agent: false });
    const registry = new ExecutorRegistry().hostResolver(ssh.resolve);
    const action: CommandAction = { type: 'command', lang: 'bash', host: 'db', script: 'true' };
    expect(registry.resolve(action, 'db1')).toBe(ssh.executor);
    expect(() => registry.resolve(action, 'web1')).toThrow(/no executor for host "web1"/);
    expect(ssh.resolve('local')).toBeUndefined();
    await ssh.close();
  });

  it('sends a fixed command line; the script and env go on stdin with their byte length', () => {
    expect(remoteCommand('bash')).toMatch(/^exec bash --norc --noprofile -c '[^'\\\n]+'$/);
    expect(remoteCommand('sh')).toMatch(/^exec sh -c '[^'\\\n]+'$/);
    const p = scriptPayload('echo ✓', { DRILLBOOK_STEP_ID: "it's", 'BAD-NAME': 'x', MULTI: 'a\nb' });
    const body = `export DRILLBOOK_STEP_ID='it'\\''s'; echo ✓`;
    expect(p.toString()).toBe(`${Buffer.byteLength(body)}\n${body}`);
  });
});
