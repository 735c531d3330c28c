/**
 * CPU contention on demand: processes that only spin, beside the relay. A commit that takes a
 * millisecond on a quiet machine then takes tens, and the frames that arrive meanwhile go into
 * the next one: the interleavings the crash test must survive (CI machines are rarely quiet).
 */
import { spawn, type ChildProcess } from 'node:child_process';

const spinning = new Set<ChildProcess>();

export function startBusyLoops(count: number): void {
	for (let i = 0; i < count; i++) {
		const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
		spinning.add(child);
		child.once('exit', () => spinning.delete(child));
	}
}

/** For afterAll: none may outlive its test. */
export async function stopBusyLoops(): Promise<void> {
	await Promise.all(
		[...spinning].map(
			(child) =>
				new Promise<void>((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve();
					child.once('exit', () => resolve());
					child.kill('SIGKILL');
				})
		)
	);
}
