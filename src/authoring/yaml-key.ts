/** Step ids such as dE/dw5 or x_A[2] are quoted so YAML reads them as plain keys. */
export function yamlKey(id: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(id) ? id : JSON.stringify(id);
}

/**
 * A text value written so that YAML reads it as text: plain when it is a word YAML leaves alone,
 * quoted when YAML would read a number, a boolean or null (`new --out null.yaml` has the id null).
 */
export function yamlText(s: string): string {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(s) && !/^(?:null|true|false)$/i.test(s) ? s : JSON.stringify(s);
}
