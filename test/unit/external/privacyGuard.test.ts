// The privacy guard: where code may go is the user's decision, never a repository's, and any endpoint off this
// machine (the LAN and carrier-grade NAT included) is used only after the user said yes to that scheme, host and port.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostReach, parseEndpoint } from '../../../src/external/endpoint';
import { ENGINE_KEYS, readEngineSettings, type InspectedValue } from '../../../src/external/engineSettings';
import { consentQuestion, keyTransportProblem, leavingView, pendingConsents } from '../../../src/external/privacyGuard';
import { redact } from '../../../src/external/redact';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('privacy guard', () => {
  it('tells loopback, private and remote hosts apart', () => {
    for (const host of ['127.0.0.1', '127.8.0.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(hostReach(host), 'loopback', host);
    for (const host of ['10.0.0.5', '172.16.0.1', '172.31.255.1', '192.168.1.20', '169.254.1.1', 'fd00::1', 'fe80::1', '100.100.1.1']) {
      assert.equal(hostReach(host), 'private', host);
    }
    for (const host of ['172.32.0.1', '8.8.8.8', 'api.openai.com', 'gpu-box', 'localhost.evil.com', '2001:db8::1']) {
      assert.equal(hostReach(host), 'remote', host);
    }
    assert.equal(parseEndpoint('http://user:pw@[::1]:8080/').base, 'http://[::1]:8080');
    assert.throws(() => parseEndpoint('ftp://host'), /http:\/\/ or https:\/\//);
  });

  it('a workspace setting cannot choose an engine endpoint or route code to it', () => {
    const values: Record<string, InspectedValue> = {
      [ENGINE_KEYS.llamaServerEndpoint]: { workspaceValue: 'https://collector.example.com' },
      [ENGINE_KEYS.openaiEndpoint]: { globalValue: 'http://127.0.0.1:8000', workspaceFolderValue: 'https://elsewhere.example.com' },
      [ENGINE_KEYS.routeMultiLine]: { workspaceValue: 'llamaServer' },
    };
    const { settings, problems } = readEngineSettings((key) => values[key]);
    assert.equal(settings.llamaServer.endpoint, '');
    assert.equal(settings.openai.endpoint, 'http://127.0.0.1:8000');
    assert.equal(settings.routing.multiLine, 'builtin');
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /workspace's settings and was ignored/);
  });

  it('package.json declares every engine and routing setting application-scoped', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    const properties = manifest.contributes.configuration.properties;
    const wrong = Object.values(ENGINE_KEYS)
      .map((key) => `pipit.${key}`)
      .filter((key) => properties[key]?.scope !== 'application');
    assert.deepEqual(wrong, [], `missing or not application-scoped in package.json: ${wrong.join(', ')}`);
  });

  it('asks before code goes to any other machine: the internet, the LAN and carrier-grade NAT alike', () => {
    const endpoints = { llamaServer: 'http://127.0.0.1:8080', ollama: 'http://192.168.1.9:11434', openai: 'https://api.example.com/v1' };
    const pending = pendingConsents(endpoints, new Set());
    assert.deepEqual(pending.map((need) => need.origin), ['http://192.168.1.9:11434', 'https://api.example.com:443']);
    assert.match(consentQuestion(pending[0]!), /^Code you edit will be sent to another machine on your network, 192\.168\.1\.9/);
    assert.match(consentQuestion(pending[1]!), /^Code you edit will be sent to api\.example\.com/);
    assert.deepEqual(pendingConsents(endpoints, new Set(pending.map((need) => need.origin))), []);
    for (const endpoint of ['http://10.0.0.5:8080', 'http://172.20.1.1:8080', 'http://100.64.0.1:8080', 'http://100.127.255.254:11434', 'http://[fd00::1]:8080', 'http://169.254.9.9']) {
      assert.equal(pendingConsents({ ollama: endpoint }, new Set()).length, 1, `${endpoint} needs consent`);
    }
    for (const endpoint of ['http://127.0.0.1:8080', 'http://localhost:11434', 'http://[::1]:8080']) {
      assert.deepEqual(pendingConsents({ ollama: endpoint }, new Set()), [], `${endpoint} is this machine`);
    }
  });

  it('remembers consent per scheme, host and port, and asks again when the endpoint changes', () => {
    const [first] = pendingConsents({ openai: 'https://gpu-box.example.com/v1' }, new Set());
    const confirmed = new Set([first!.origin]);
    assert.equal(first!.origin, 'https://gpu-box.example.com:443');
    // The same origin under another path, or with the default port written out: no new question.
    assert.deepEqual(pendingConsents({ openai: 'https://gpu-box.example.com:443/other/v1' }, confirmed), []);
    for (const changed of ['http://gpu-box.example.com/v1', 'https://gpu-box.example.com:8443/v1', 'https://other.example.com/v1']) {
      assert.equal(pendingConsents({ openai: changed }, confirmed).length, 1, `${changed} asks again`);
    }
    // A consent given to a host before does not cover a different port on it.
    assert.equal(pendingConsents({ ollama: 'http://192.168.1.9:11435' }, new Set(['http://192.168.1.9:11434'])).length, 1);
  });

  it('never lets an API key travel over plain http:// to another machine, and says what to do', () => {
    for (const endpoint of ['http://192.168.1.9:8080', 'http://100.100.1.1:8080', 'http://api.example.com/v1', 'http://gpu-box:8080']) {
      const problem = keyTransportProblem(endpoint, 'llama-server');
      assert.ok(problem, endpoint);
      assert.match(problem, /does not send the API key for llama-server .* plain http:\/\/ .*https:\/\/ endpoint.*Set Engine API Key/);
    }
    for (const endpoint of ['http://127.0.0.1:8080', 'http://localhost:8080', 'https://api.example.com/v1', 'https://192.168.1.9:8443']) {
      assert.equal(keyTransportProblem(endpoint, 'llama-server'), undefined, endpoint);
    }
  });

  it('the status bar flags code leaving the machine, with the host', () => {
    assert.deepEqual(leavingView('builtin', undefined).leaves, false);
    assert.equal(leavingView('llamaServer', 'http://127.0.0.1:8080').leaves, false);
    const lan = leavingView('ollama', 'http://192.168.1.9:11434');
    assert.deepEqual([lan.leaves, lan.text], [true, ' $(cloud-upload) 192.168.1.9']);
    assert.match(lan.tooltip, /Code leaves this machine: sent to 192\.168\.1\.9 \(Ollama, local network\)/);
  });

  it('API keys are redacted from any text, in every shape they appear', () => {
    const key = 'my-own-key-0123';
    const text = redact(`key ${key}; Authorization: Bearer ${key}; {"api_key":"${key}"}; sk-abcdefghijklmnop; https://u:${key}@h.example/`, [key]);
    assert.ok(!text.includes(key) && !text.includes('sk-abcdefghijklmnop'), text);
  });
});
