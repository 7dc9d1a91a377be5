/**
 * Table headers that stay in view while the page content (not the window) scrolls; the content box has a
 * 16px top padding, which the header covers rather than leaving rows to show above it.
 */
export const STICKY_IN_CONTENT = {
  offsetHeader: -16,
  getContainer: () => (document.querySelector('.sanzi-content') as HTMLElement | null) ?? window,
}
