// Logging: one pino root logger; components take a child with their name.
import pino, { type Logger } from 'pino';

export type { Logger };

const level = process.env.K8TS_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');

export const rootLogger: Logger = pino({ level, base: { pid: process.pid } });

export function componentLogger(component: string): Logger {
  return rootLogger.child({ component });
}
