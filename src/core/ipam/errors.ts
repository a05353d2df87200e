/** An address the IPAM plugin could not hand out; the resolver turns the code into a catalogue error. */
export class IpamError extends Error {
  constructor(
    readonly code: 'exhausted' | 'outside-pools' | 'in-use' | 'no-pool',
    message: string,
  ) {
    super(message);
  }
}
