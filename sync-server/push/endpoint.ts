/**
 * Which push endpoints the relay posts to: https only, and never an address of its own network
 * (loopback, private, link-local, unique-local), or a member could make the relay call its
 * internal services (SSRF). Tests' push service stand-in runs on plain http on loopback, which
 * QUARTIER_PUSH_ALLOW_INSECURE_ENDPOINTS allows.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** The longest endpoint accepted: real ones are a few hundred characters. */
export const MAX_ENDPOINT_CHARS = 1024;

/** The endpoint's URL when its form is acceptable, else null. Addresses are checked at send time. */
export function endpointUrl(endpoint: string, allowInsecure: boolean): URL | null {
	if (endpoint.length > MAX_ENDPOINT_CHARS) return null;
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return null;
	}
	if (url.username !== '' || url.password !== '') return null;
	if (url.protocol === 'https:') return allowInsecure || !isPrivateHost(url.hostname) ? url : null;
	return allowInsecure && url.protocol === 'http:' ? url : null;
}

/** True when every address the host resolves to is public (always true when insecure is allowed). */
export async function resolvesToPublic(url: URL, allowInsecure: boolean): Promise<boolean> {
	if (allowInsecure) return true;
	const host = bare(url.hostname);
	if (isIP(host) !== 0) return !isPrivateAddress(host);
	try {
		const addresses = await lookup(host, { all: true });
		return addresses.length > 0 && addresses.every((a) => !isPrivateAddress(a.address));
	} catch {
		return false;
	}
}

function bare(hostname: string): string {
	return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

function isPrivateHost(hostname: string): boolean {
	const host = bare(hostname).toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
	return isIP(host) !== 0 && isPrivateAddress(host);
}

export function isPrivateAddress(address: string): boolean {
	const a = address.toLowerCase();
	if (isIP(a) === 4) {
		const [p, q] = a.split('.').map(Number) as [number, number];
		return (
			p === 0 ||
			p === 10 ||
			p === 127 ||
			(p === 100 && q >= 64 && q < 128) ||
			(p === 169 && q === 254) ||
			(p === 172 && q >= 16 && q < 32) ||
			(p === 192 && q === 168) ||
			p >= 224
		);
	}
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
	if (mapped) return isPrivateAddress(mapped[1]!);
	return (
		a === '::' ||
		a === '::1' ||
		a.startsWith('fc') ||
		a.startsWith('fd') ||
		a.startsWith('fe8') ||
		a.startsWith('fe9') ||
		a.startsWith('fea') ||
		a.startsWith('feb') ||
		a.startsWith('ff')
	);
}
