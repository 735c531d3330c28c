/** The name of a photo: sha256 of its bytes in lowercase hex (WebCrypto, in the phone and in Node). */
export async function photoHash(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
