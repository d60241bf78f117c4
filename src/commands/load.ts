/** `specgate load`: placeholder until its issue lands; it refuses to run rather than pretend. */
export async function run(_args: string[]): Promise<number> {
  console.error("specgate load: not built yet");
  return 2;
}
