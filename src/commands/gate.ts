/** `specgate gate`: placeholder until its issue lands; it refuses to run rather than pretend. */
export async function run(_args: string[]): Promise<number> {
  console.error("specgate gate: not built yet");
  return 2;
}
