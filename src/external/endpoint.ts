// Where an engine endpoint sends code: this machine (loopback), the local network (a private address), or elsewhere.
// Judged from the URL's host only; a host name other than `localhost` could resolve anywhere, so it counts as remote.
import { isIP } from 'node:net';

export type EndpointReach = 'loopback' | 'private' | 'remote';

export interface ParsedEndpoint {
  /** Normalised base URL without credentials, query or trailing slash: `http://127.0.0.1:8080`. */
  base: string;
  /** Host as written (IPv6 without brackets), lower-case. */
  host: string;
  /** Scheme, host and port (the default port written out): what the user's consent is given to. */
  origin: string;
  protocol: 'http:' | 'https:';
  reach: EndpointReach;
}

/** Parses a user's endpoint setting; throws an Error saying what is wrong with it. */
export function parseEndpoint(endpoint: string): ParsedEndpoint {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new Error(`"${stripCredentials(endpoint)}" is not a URL; write it like http://127.0.0.1:8080.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${stripCredentials(endpoint)}" must start with http:// or https://.`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const path = url.pathname.replace(/\/+$/, '');
  const protocol = url.protocol as ParsedEndpoint['protocol'];
  return { base: `${protocol}//${url.host}${path}`, host, origin: originOf(url), protocol, reach: hostReach(host) };
}

/** `https://api.example.com:443`: the scheme, host and port of a URL, the default port written out. */
export function originOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  return `${url.protocol}//${url.hostname.toLowerCase()}${port ? `:${port}` : ''}`;
}

export function hostReach(host: string): EndpointReach {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  const version = isIP(name);
  if (version === 4) return ipv4Reach(name);
  if (version === 6) return ipv6Reach(name);
  return 'remote';
}

function ipv4Reach(ip: string): EndpointReach {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'private';
  // 100.64/10 is carrier-grade NAT (Tailscale and the like): a private network the user set up.
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  return 'remote';
}

function ipv6Reach(ip: string): EndpointReach {
  if (ip === '::1' || ip === '0:0:0:0:0:0:0:1') return 'loopback';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return ipv4Reach(mapped[1]!);
  const first = parseInt(ip.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'private'; // fe80::/10 link local
  return 'remote';
}

/** `https://user:pass@host/` -> `https://host/`, for messages. */
export function stripCredentials(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]*@/g, '$1');
}
