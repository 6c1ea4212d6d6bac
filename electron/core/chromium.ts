// Debian's Chromium as the end-to-end tests and the bench drive it: where it is and the flags
// that keep it from reaching out to the (closed) network.
export const CHROMIUM_PATH = process.env.RECOUVRA_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
