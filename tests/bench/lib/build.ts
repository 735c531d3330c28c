/** The production build B1 and B2 measure: built once per bench run, from the current sources. */
import { execFileSync } from 'node:child_process';
import { QUARTIER_DIR } from './proc';

let built = false;

/**
 * Another `npm run build` in the same tree (an e2e run) clobbers .svelte-kit/output mid-build,
 * so a failed build is retried a few times before giving up.
 */
export function ensureBuild(log: (m: string) => void): void {
	for (let attempt = 1; !built; attempt++) {
		log(`building the app (npm run build), attempt ${attempt}`);
		try {
			execFileSync('npm', ['run', 'build'], { cwd: QUARTIER_DIR, stdio: 'ignore' });
			built = true;
		} catch (error) {
			if (attempt >= 3) throw error;
			execFileSync('sleep', ['10']);
		}
	}
}
