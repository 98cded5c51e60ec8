import type { IndexBanner, MainStatus } from '../state/panelStatus';
import { formatCount, h } from './dom';
import { icon } from './icons';

export interface StatusEvents {
  onRetry(): void;
  onClearFilters(): void;
}

/**
 * The states around the results: the index being built (with progress), no results (with a
 * hint), the daemon unavailable (with Retry), an error (its message), nothing typed yet.
 */
export class StatusView {
  readonly banner: HTMLElement;
  readonly message: HTMLElement;
  private rendered = '';

  constructor(private readonly events: StatusEvents) {
    this.banner = h('div', { class: 'index-banner', role: 'status', hidden: true });
    this.message = h('div', { class: 'message', 'aria-live': 'polite' });
  }

  render(main: MainStatus, index: IndexBanner | null): void {
    const key = JSON.stringify([main, index]);
    if (key === this.rendered) return;
    this.rendered = key;
    this.renderBanner(index);
    this.renderMessage(main);
  }

  private renderBanner(index: IndexBanner | null): void {
    this.banner.hidden = index === null;
    if (!index) return this.banner.replaceChildren();
    this.banner.dataset.kind = index.kind;
    if (index.kind === 'indexing') {
      const { filesDone, filesTotal } = index;
      const known = filesTotal > 0;
      const bar = h('div', {
        class: known ? 'progress' : 'progress is-indeterminate', role: 'progressbar', 'aria-label': 'Indexing',
        'aria-valuemin': '0', 'aria-valuemax': known ? String(filesTotal) : null, 'aria-valuenow': known ? String(filesDone) : null,
      }, h('span', { class: 'progress-fill' }));
      if (known) (bar.firstChild as HTMLElement).style.width = `${Math.round((100 * filesDone) / filesTotal)}%`;
      const text = known
        ? `Building the index: ${formatCount(filesDone)} of ${formatCount(filesTotal)} files. Results may be incomplete.`
        : 'Building the index: looking for files. Results may be incomplete.';
      this.banner.replaceChildren(h('span', {}, text), bar);
    } else if (index.kind === 'paused') {
      this.banner.replaceChildren(h('span', {}, 'Indexing is paused: results may be out of date until it resumes (Command Palette: "Mobius: Pause/Resume Indexing").'));
    } else {
      this.banner.replaceChildren(...index.messages.map((m) => h('p', { class: 'error-text' }, m)));
    }
  }

  private renderMessage(main: MainStatus): void {
    this.message.dataset.kind = main.kind;
    switch (main.kind) {
      case 'results':
        return this.message.replaceChildren();
      case 'searching':
        return this.message.replaceChildren(h('p', { class: 'hint' }, 'Searching…'));
      case 'idle':
        return this.message.replaceChildren(
          h('p', { class: 'hint' }, 'Type to search the workspace by name, identifier or words, e.g. ',
            h('code', {}, 'parse config'), ' or ', h('code', {}, 'retryWithBackoff'), '.'));
      case 'starting':
        return this.message.replaceChildren(h('p', { class: 'hint' }, 'Starting the Mobius daemon…'));
      case 'unavailable': {
        const retry = h('button', { type: 'button', class: 'button primary' }, icon('retry'), 'Retry');
        retry.addEventListener('click', () => this.events.onRetry());
        return this.message.replaceChildren(
          h('div', { class: 'callout is-error', role: 'alert' },
            h('p', { class: 'callout-title' }, 'The Mobius daemon is not running.'),
            h('p', {}, main.message),
            retry));
      }
      case 'error':
        return this.message.replaceChildren(
          h('div', { class: 'callout is-error', role: 'alert' }, h('p', { class: 'callout-title' }, 'The search failed.'), h('p', {}, main.message)));
      case 'no-results': {
        const hints: Array<Node | string> = ['Try fewer or other words, or an identifier from the code.'];
        if (main.filtered) {
          const clear = h('button', { type: 'button', class: 'link-button' }, 'Clear the filters');
          clear.addEventListener('click', () => this.events.onClearFilters());
          hints.push(' ', clear, ' to search everything.');
        }
        if (main.indexing) hints.push(' The index is still being built: more files become searchable as it fills.');
        return this.message.replaceChildren(
          h('p', { class: 'no-results' }, 'No results for ', h('strong', {}, `“${main.query}”`), '.'),
          h('p', { class: 'hint' }, ...hints));
      }
    }
  }
}
