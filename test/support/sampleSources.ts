// Small but realistic sources shared by the engine and CLI tests.

export const RETRY_TS = `import { setTimeout as sleep } from 'node:timers/promises';

/** How many times a failed request is tried again before giving up. */
export const MAX_RETRIES = 5;

/**
 * Retries an async operation with exponential backoff and jitter.
 * Gives up after MAX_RETRIES attempts and rethrows the last error.
 */
export async function retryWithBackoff<T>(operation: () => Promise<T>, baseDelayMs = 100): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    try {
      return await operation();
    } catch (err) {
      lastError = err;
      const delay = baseDelayMs * 2 ** attempt * (0.5 + Math.random());
      await sleep(delay);
    }
  }
  throw lastError;
}
`;

export const CONFIG_PY = `"""Configuration loading for the service."""
import json
import os


class ConfigLoader:
    """Loads settings from a JSON file and the environment."""

    def __init__(self, path):
        self.path = path

    def parse_config(self, text):
        """Parse the raw JSON text of a config file into a dict."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("config must be an object")
        return data

    def load(self):
        """Read the file and overlay MOBIUS_* environment variables."""
        with open(self.path) as handle:
            data = self.parse_config(handle.read())
        for key, value in os.environ.items():
            if key.startswith("MOBIUS_"):
                data[key[7:].lower()] = value
        return data


def get_dict(loader):
    return loader.load()
`;

export const CACHE_GO = `package cache

import (
\t"sync"
\t"time"
)

// LRUCache keeps the most recently used entries up to a capacity.
type LRUCache struct {
\tmu       sync.Mutex
\tcapacity int
\titems    map[string]entry
}

type entry struct {
\tvalue   string
\texpires time.Time
}

// NewLRUCache makes an empty cache that holds at most capacity entries.
func NewLRUCache(capacity int) *LRUCache {
\treturn &LRUCache{capacity: capacity, items: make(map[string]entry)}
}

// Get returns the value for key if it is present and not expired.
func (c *LRUCache) Get(key string) (string, bool) {
\tc.mu.Lock()
\tdefer c.mu.Unlock()
\te, ok := c.items[key]
\tif !ok || time.Now().After(e.expires) {
\t\treturn "", false
\t}
\treturn e.value, true
}
`;

export const README_MD = `# Sample service

## Installation

Run the installer and point it at your config file.

## Retries

Requests are retried with exponential backoff; see retryWithBackoff.
`;

/** A Python class whose source never says "method": only an embedded chunk's kind does. */
export const LEDGER_PY = `class Ledger:
    """Keeps a running balance."""

    def __init__(self):
        self.balance = 0

    def settle(self, amount):
        self.balance -= amount
        return self.balance
`;
