/**
 * The SVG of one QR code as Quartier draws it: error correction M (a glare or a scratch on the
 * screen does not break it) and a quiet zone of 4 modules, the standard's, so cameras find it.
 */
import { renderSVG } from 'uqr';

export function qrSvg(text: string): string {
	return renderSVG(text, { ecc: 'M', border: 4 });
}
