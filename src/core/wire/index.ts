// core/wire: header stacks ↔ bytes, capture files and tcpdump text. See README.md.

export { internetChecksum, onesComplementSum, pseudoHeader, transportChecksum } from './checksum';
export {
  ETH_HLEN,
  ETHERTYPE_IPV4,
  fromHex,
  hexRows,
  ICMP_HLEN,
  IPPROTO_ICMP,
  IPPROTO_IPIP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPV4_HLEN,
  LINUX_VXLAN_PORT,
  TCP_HLEN,
  toHex,
  UDP_HLEN,
  VXLAN_HLEN,
  VXLAN_PORT,
  WireError,
} from './bytes';
export { clockText, LOGICAL_EPOCH_CLOCK, LOGICAL_EPOCH_ISO, LOGICAL_EPOCH_S, logicalTimeval, timevalToLogical } from './clock';
export type { Timeval } from './clock';
export { detectPayload, payloadBytes, TIMEVAL_LEN } from './payload';
export { tcpOptionsLength, writeTcpOptions, readTcpOptions } from './tcpOptions';
export { headerSize, isFragment, serializeFrame, stackSize, wireLength } from './serialize';
export { DEFAULT_VXLAN_PORTS, parseFragments, parseFrame } from './parse';
export type { ParseOptions } from './parse';
export { fragment } from './fragment';
export { cutStack, linuxIcmpError, linuxIcmpErrorTos, linuxIcmpQuoteLength } from './icmpError';
export type { IcmpErrorSpec } from './icmpError';
export { hopsToPcap, LINKTYPE_ETHERNET, LINKTYPE_RAW, PCAP_MAGIC, PCAP_SNAPLEN, readPcap, segmentsToPcap, writePcap } from './pcap';
export type { PcapFile, PcapFrame } from './pcap';
export { createTcpdump, tcpdumpLine, tcpdumpLines } from './tcpdump';
export type { Tcpdump, TcpdumpOptions } from './tcpdump';
