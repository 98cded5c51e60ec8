import pino, { type DestinationStream, type Logger } from 'pino';

/** Structured JSON logs on stdout (one object per line), ready for any log collector. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'mobius-server' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'key'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
