// The colours every Recouvra PDF shares (react-pdf documents and the pdfkit benchmark alike).
export const INK = '#1f2933';
export const MUTED = '#616e7c';
export const ACCENT = '#1f3a5f';
export const RULE = '#cbd2d9';
export const STRIPE = '#f3f5f7';
