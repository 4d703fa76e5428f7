/** Step ids such as dE/dw5 or x_A[2] are quoted so YAML reads them as plain keys. */
export function yamlKey(id: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(id) ? id : JSON.stringify(id);
}
