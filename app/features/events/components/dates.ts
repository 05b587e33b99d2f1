/** « 12 h 30 » never breaks across two lines (French times carry spaces). */
export function unbrokenTime(text: string): string {
  return text.replace(/(\d{1,2}) h (\d{2})/g, '$1\u00a0h\u00a0$2')
}
