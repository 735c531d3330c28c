/**
 * Saves generated text or bytes as a file (an .ics export, a .qpk packet): works offline, nothing goes to a server.
 * The object URL is revoked on the next task, once the browser has started the download.
 */
export function downloadText(fileName: string, text: string, type: string): void {
	downloadBlob(fileName, new Blob([text], { type }));
}

/** The same for bytes (a signed packet, `.qpk`). */
export function downloadBytes(fileName: string, bytes: Uint8Array, type: string): void {
	downloadBlob(fileName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}

function downloadBlob(fileName: string, blob: Blob): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 0);
}
