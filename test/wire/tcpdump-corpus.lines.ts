// What tcpdump prints for tcpdump-corpus.ts's frames, read as one capture (so TCP numbers turn relative
// as they do in a real capture): `TZ=UTC tcpdump -n [-v | -e] -r corpus.pcap` with tcpdump 4.99.3 (Debian 12),
// time stamps cut off, then written as tcpdump 4.9 prints the same text (asTcpdump49 below), because
// core/wire/tcpdump.ts follows 4.9, what the seeds were captured with. Generated once from the real tool;
// test/wire/tcpdump-real.test.ts prints the frames with the installed tcpdump and compares with these lines.
// Frames on which 4.99 and 4.9 print different words (4.99 decodes ARP, GRE, SCTP, DCCP, more ICMP types
// and TCP options, and prints VXLAN's short and flag errors otherwise) are left out of the corpus.

/**
 * tcpdump 4.99's text as 4.9 prints it, for the frames of the corpus: 4.99's nd_print_trunc puts a space
 * before "[|proto]" (4.9 wrote it only for UDP: " [|udp]"), nd_print_invalid adds "(invalid)", the TCP
 * printer closes a bad option list with "]" where 4.9 wrote ">", and a NUL in RST data is "^@" where 4.9's
 * safeputchar wrote "\0x00".
 */
export function asTcpdump49(line: string): string {
  return line
    .replace(/^ \[\|/, '[|')
    .replaceAll('\n [|', '\n[|')
    .replace(/  \[\|(?!udp)/g, ' [|')
    .replaceAll('(invalid)', '')
    .replaceAll('[bad opt]]', '[bad opt]>')
    .replaceAll('^@', '\\0x00');
}

export interface CorpusLines {
  name: string;
  /** tcpdump -n */
  n: string;
  /** tcpdump -n -v */
  v: string;
  /** tcpdump -n -e */
  e: string;
}

export const CORPUS_LINES: CorpusLines[] = [
  {
    name: "IP version 6 behind EtherType IPv4",
    n: "IP6, wrong link-layer encapsulation ",
    v: "IP6, wrong link-layer encapsulation ",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: IP6, wrong link-layer encapsulation ",
  },
  {
    name: "IP version 5",
    n: "IP5 ",
    v: "IP5 ",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: IP5 ",
  },
  {
    name: "IP header length 16",
    n: "IP bad-hlen 16",
    v: "IP bad-hlen 16",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: bad-hlen 16",
  },
  {
    name: "IP total length 10",
    n: "IP bad-len 10",
    v: "IP bad-len 10",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: bad-len 10",
  },
  {
    name: "IP total length 200 of 84",
    n: "IP truncated-ip - 116 bytes missing! 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 180",
    v: "IP truncated-ip - 116 bytes missing! (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 200)\n    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 180",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: truncated-ip - 116 bytes missing! 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 180",
  },
  {
    name: "TOS ECT(1)",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    v: "IP (tos 0x1,ECT(1), ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
  },
  {
    name: "TOS ECT(0)",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    v: "IP (tos 0x2,ECT(0), ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
  },
  {
    name: "TOS 0xbb, CE",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    v: "IP (tos 0xbb,CE, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
  },
  {
    name: "TTL 0",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    v: "IP (tos 0x0, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
  },
  {
    name: "reserved IP flag",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF, rsvd], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
  },
  {
    name: "MF and DF",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [+, DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP echo request, id 3, seq 1, length 64",
  },
  {
    name: "IP protocol 200",
    n: "IP 10.244.0.1 > 10.244.6.3:  ip-proto-200 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto unknown (200), length 84)\n    10.244.0.1 > 10.244.6.3:  ip-proto-200 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3:  ip-proto-200 64",
  },
  {
    name: "TCP fragment at offset 8",
    n: "IP 10.244.2.18 > 10.244.1.56: ip-proto-6",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 8, flags [none], proto TCP (6), length 60)\n    10.244.2.18 > 10.244.1.56: ip-proto-6",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 74: 10.244.2.18 > 10.244.1.56: ip-proto-6",
  },
  {
    name: "ping -s 3000 fragment 0",
    n: "IP 10.244.1.5 > 10.244.2.7: ICMP echo request, id 9, seq 2, length 1480",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [+], proto ICMP (1), length 1500)\n    10.244.1.5 > 10.244.2.7: ICMP echo request, id 9, seq 2, length 1480",
    e: "7a:1f:3c:9e:42:d1 > ee:ee:ee:ee:ee:ee, ethertype IPv4 (0x0800), length 1514: 10.244.1.5 > 10.244.2.7: ICMP echo request, id 9, seq 2, length 1480",
  },
  {
    name: "ping -s 3000 fragment 1",
    n: "IP 10.244.1.5 > 10.244.2.7: ip-proto-1",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 1480, flags [+], proto ICMP (1), length 1500)\n    10.244.1.5 > 10.244.2.7: ip-proto-1",
    e: "7a:1f:3c:9e:42:d1 > ee:ee:ee:ee:ee:ee, ethertype IPv4 (0x0800), length 1514: 10.244.1.5 > 10.244.2.7: ip-proto-1",
  },
  {
    name: "ping -s 3000 fragment 2",
    n: "IP 10.244.1.5 > 10.244.2.7: ip-proto-1",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 2960, flags [none], proto ICMP (1), length 68)\n    10.244.1.5 > 10.244.2.7: ip-proto-1",
    e: "7a:1f:3c:9e:42:d1 > ee:ee:ee:ee:ee:ee, ethertype IPv4 (0x0800), length 82: 10.244.1.5 > 10.244.2.7: ip-proto-1",
  },
  {
    name: "ICMP type 0",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP echo reply, id 3, seq 1, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP echo reply, id 3, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP echo reply, id 3, seq 1, length 64",
  },
  {
    name: "ICMP type 4",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP source quench, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP source quench, length 64\n\tIP12 ",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP source quench, length 64",
  },
  {
    name: "ICMP type 10",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP router solicitation, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP router solicitation, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP router solicitation, length 64",
  },
  {
    name: "ICMP type 15",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP information request, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP information request, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP information request, length 64",
  },
  {
    name: "ICMP type 16",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP information reply, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP information reply, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP information reply, length 64",
  },
  {
    name: "ICMP type 17",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP address mask request, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP address mask request, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP address mask request, length 64",
  },
  {
    name: "ICMP type 99",
    n: "IP 10.244.0.1 > 10.244.6.3: ICMP type-#99, length 64",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.1 > 10.244.6.3: ICMP type-#99, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 98: 10.244.0.1 > 10.244.6.3: ICMP type-#99, length 64",
  },
  {
    name: "unreachable code 0, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable, length 68",
  },
  {
    name: "unreachable code 1, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable, length 68",
  },
  {
    name: "unreachable code 2, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 protocol 17 unreachable, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 protocol 17 unreachable, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 protocol 17 unreachable, length 68",
  },
  {
    name: "unreachable code 3, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 udp port 33434 unreachable, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 udp port 33434 unreachable, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 udp port 33434 unreachable, length 68",
  },
  {
    name: "unreachable code 4, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - need to frag, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - need to frag, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - need to frag, length 68",
  },
  {
    name: "unreachable code 5, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - source route failed, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - source route failed, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - source route failed, length 68",
  },
  {
    name: "unreachable code 6, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - unknown, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - unknown, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - unknown, length 68",
  },
  {
    name: "unreachable code 7, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - unknown, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - unknown, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - unknown, length 68",
  },
  {
    name: "unreachable code 8, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - source host isolated, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - source host isolated, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 unreachable - source host isolated, length 68",
  },
  {
    name: "unreachable code 9, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - admin prohibited, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - admin prohibited, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - admin prohibited, length 68",
  },
  {
    name: "unreachable code 10, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - admin prohibited, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - admin prohibited, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - admin prohibited, length 68",
  },
  {
    name: "unreachable code 11, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - tos prohibited, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - tos prohibited, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP net 10.244.5.194 unreachable - tos prohibited, length 68",
  },
  {
    name: "unreachable code 12, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - tos prohibited, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - tos prohibited, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - tos prohibited, length 68",
  },
  {
    name: "unreachable code 13, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - admin prohibited filter, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - admin prohibited filter, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - admin prohibited filter, length 68",
  },
  {
    name: "unreachable code 14, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - host precedence violation, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - host precedence violation, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - host precedence violation, length 68",
  },
  {
    name: "unreachable code 15, UDP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - precedence cutoff, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - precedence cutoff, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP host 10.244.5.194 unreachable - precedence cutoff, length 68",
  },
  {
    name: "port unreachable, TCP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 tcp port 8080 unreachable, length 48",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 68)\n    10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 tcp port 8080 unreachable, length 48\n\tIP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 40)\n    10.244.0.5.45000 > 10.244.5.194.8080: Flags [S], cksum 0xc476 (correct), seq 1, win 100, length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 82: 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 tcp port 8080 unreachable, length 48",
  },
  {
    name: "port unreachable, ICMP quoted",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 protocol 1 port 54987 unreachable, length 92",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 112)\n    10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 protocol 1 port 54987 unreachable, length 92\n\tIP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.0.5 > 10.244.5.194: ICMP echo request, id 1, seq 1, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 126: 10.244.5.194 > 10.244.0.5: ICMP 10.244.5.194 protocol 1 port 54987 unreachable, length 92",
  },
  {
    name: "time exceeded, reassembly",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP ip reassembly time exceeded, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP ip reassembly time exceeded, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP ip reassembly time exceeded, length 68",
  },
  {
    name: "time exceeded, code 5",
    n: "IP 10.244.5.194 > 10.244.0.5: ICMP time exceeded-#5, length 68",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: ICMP time exceeded-#5, length 68\n\tIP (tos 0x0, ttl 1, id 5555, offset 0, flags [none], proto UDP (17), length 60)\n    10.244.0.5.45000 > 10.244.5.194.33434: UDP, length 32",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 102: 10.244.5.194 > 10.244.0.5: ICMP time exceeded-#5, length 68",
  },
  {
    name: "ICMP of 2 bytes",
    n: "IP 10.244.0.1 > 10.244.6.3: [|icmp]",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 22)\n    10.244.0.1 > 10.244.6.3: [|icmp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 36: 10.244.0.1 > 10.244.6.3: [|icmp]",
  },
  {
    name: "echo cut inside its id",
    n: "IP 10.244.0.1 > 10.244.6.3: [|icmp]",
    v: "IP (tos 0x0, ttl 63, id 19758, offset 0, flags [DF], proto ICMP (1), length 26)\n    10.244.0.1 > 10.244.6.3: [|icmp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 40: 10.244.0.1 > 10.244.6.3: [|icmp]",
  },
  {
    name: "unreachable with a 10-byte quote",
    n: "IP truncated-ip - 50 bytes missing! 10.244.5.194 > 10.244.0.5: [|icmp]",
    v: "IP truncated-ip - 50 bytes missing! (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.244.5.194 > 10.244.0.5: [|icmp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 52: truncated-ip - 50 bytes missing! 10.244.5.194 > 10.244.0.5: [|icmp]",
  },
  {
    name: "unreachable with a 6-byte quote",
    n: "IP 10.244.5.194 > 10.244.0.5: [|icmp]",
    v: "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 34)\n    10.244.5.194 > 10.244.0.5: [|icmp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 48: 10.244.5.194 > 10.244.0.5: [|icmp]",
  },
  {
    name: "UDP cut after its ports",
    n: "IP 10.244.0.5 > 10.244.5.194:  [|udp]",
    v: "IP (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 22)\n    10.244.0.5 > 10.244.5.194:  [|udp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 36: 10.244.0.5 > 10.244.5.194:  [|udp]",
  },
  {
    name: "UDP in 4 bytes of IP",
    n: "IP 10.244.0.5.40000 > 10.244.5.194.5354: truncated-udp 4",
    v: "IP (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 24)\n    10.244.0.5.40000 > 10.244.5.194.5354: truncated-udp 4",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 38: 10.244.0.5.40000 > 10.244.5.194.5354: truncated-udp 4",
  },
  {
    name: "UDP cut before its length",
    n: "IP truncated-ip - 4 bytes missing! 10.244.0.5.40000 > 10.244.5.194.5354:  [|udp]",
    v: "IP truncated-ip - 4 bytes missing! (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 28)\n    10.244.0.5.40000 > 10.244.5.194.5354:  [|udp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 38: truncated-ip - 4 bytes missing! 10.244.0.5.40000 > 10.244.5.194.5354:  [|udp]",
  },
  {
    name: "UDP length 4",
    n: "IP 10.244.0.5.40000 > 10.244.5.194.5354: truncated-udplength 4",
    v: "IP (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 44)\n    10.244.0.5.40000 > 10.244.5.194.5354: truncated-udplength 4",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.0.5.40000 > 10.244.5.194.5354: truncated-udplength 4",
  },
  {
    name: "UDP length 40 in 24 bytes",
    n: "IP 10.244.0.5.40000 > 10.244.5.194.5354: UDP, bad length 32 > 16",
    v: "IP (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 44)\n    10.244.0.5.40000 > 10.244.5.194.5354: UDP, bad length 32 > 16",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.0.5.40000 > 10.244.5.194.5354: UDP, bad length 32 > 16",
  },
  {
    name: "UDP length 12 in 24 bytes",
    n: "IP 10.244.0.5.40000 > 10.244.5.194.5354: UDP, length 4",
    v: "IP (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 44)\n    10.244.0.5.40000 > 10.244.5.194.5354: UDP, length 4",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.0.5.40000 > 10.244.5.194.5354: UDP, length 4",
  },
  {
    name: "UDP from port 8472, too short for OTV",
    n: "IP 10.244.0.5.8472 > 10.244.5.194.5000: OTV, flags [.] (0x00), overlay 0, instance 0\n[|ether]",
    v: "IP (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 44)\n    10.244.0.5.8472 > 10.244.5.194.5000: OTV, flags [.] (0x00), overlay 0, instance 0\n[|ether]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.0.5.8472 > 10.244.5.194.5000: OTV, flags [.] (0x00), overlay 0, instance 0\n[|ether]",
  },
  {
    name: "UDP 38146 > 5045",
    n: "IP 10.0.0.16.38146 > 10.0.0.15.5045: UDP, length 106",
    v: "IP (tos 0x0, ttl 64, id 12039, offset 0, flags [none], proto UDP (17), length 134)\n    10.0.0.16.38146 > 10.0.0.15.5045: UDP, length 106",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 148: 10.0.0.16.38146 > 10.0.0.15.5045: UDP, length 106",
  },
  {
    name: "OTV with flags 0 and overlay 66051",
    n: "IP 10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [.] (0x00), overlay 66051, instance 1\nIP 10.244.2.18 > 10.244.1.56: ICMP echo request, id 6912, seq 0, length 64",
    v: "IP (tos 0x0, ttl 64, id 12039, offset 0, flags [none], proto UDP (17), length 134)\n    10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [.] (0x00), overlay 66051, instance 1\nIP (tos 0x0, ttl 63, id 41392, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.244.2.18 > 10.244.1.56: ICMP echo request, id 6912, seq 0, length 64",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 148: 10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [.] (0x00), overlay 66051, instance 1\n6e:3d:65:7f:52:85 > 76:64:2c:29:12:07, ethertype IPv4 (0x0800), length 98: 10.244.2.18 > 10.244.1.56: ICMP echo request, id 6912, seq 0, length 64",
  },
  {
    name: "OTV cut inside the inner Ethernet header",
    n: "IP 10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [I] (0x08), overlay 0, instance 1\n[|ether]",
    v: "IP (tos 0x0, ttl 64, id 12039, offset 0, flags [none], proto UDP (17), length 46, bad cksum 3742 (->379a)!)\n    10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [I] (0x08), overlay 0, instance 1\n[|ether]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 60: 10.0.0.16.38146 > 10.0.0.15.8472: OTV, flags [I] (0x08), overlay 0, instance 1\n[|ether]",
  },
  {
    name: "RST with data",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.80: Flags [R], seq 1000:1010, win 500, length 10: HTTP",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 50)\n    10.244.2.18.33598 > 10.244.1.56.80: Flags [R], cksum 0x056b (correct), seq 1000:1010, win 500, length 10 [RST \\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 64: 10.244.2.18.33598 > 10.244.1.56.80: Flags [R], seq 1000:1010, win 500, length 10: HTTP",
  },
  {
    name: "RST+ACK with data",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.80: Flags [R.], seq 1000:1010, ack 2000, win 500, length 10: HTTP",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 50)\n    10.244.2.18.33598 > 10.244.1.56.80: Flags [R.], cksum 0x055b (correct), seq 1000:1010, ack 2000, win 500, length 10 [RST \\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00\\0x00]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 64: 10.244.2.18.33598 > 10.244.1.56.80: Flags [R.], seq 1000:1010, ack 2000, win 500, length 10: HTTP",
  },
  {
    name: "to port 8080 with data",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.8080: Flags [P.], seq 1000:1010, ack 2000, win 500, length 10: HTTP",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 50)\n    10.244.2.18.33598 > 10.244.1.56.8080: Flags [P.], cksum 0xe616 (correct), seq 1000:1010, ack 2000, win 500, length 10: HTTP",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 64: 10.244.2.18.33598 > 10.244.1.56.8080: Flags [P.], seq 1000:1010, ack 2000, win 500, length 10: HTTP",
  },
  {
    name: "from port 8080 with data",
    n: "IP 10.244.2.18.8080 > 10.244.1.56.40000: Flags [P.], seq 1000:1010, ack 2000, win 500, length 10: HTTP",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 50)\n    10.244.2.18.8080 > 10.244.1.56.40000: Flags [P.], cksum 0xcd14 (correct), seq 1000:1010, ack 2000, win 500, length 10: HTTP",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 64: 10.244.2.18.8080 > 10.244.1.56.40000: Flags [P.], seq 1000:1010, ack 2000, win 500, length 10: HTTP",
  },
  {
    name: "no flags",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [none], seq 1000:1010, win 500, length 10",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 50)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [none], cksum 0x05a9 (correct), seq 1000:1010, win 500, length 10",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 64: 10.244.2.18.33598 > 10.244.1.56.22: Flags [none], seq 1000:1010, win 500, length 10",
  },
  {
    name: "FIN alone",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [F], seq 1000:1010, win 500, length 10",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 50)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [F], cksum 0x05a8 (correct), seq 1000:1010, win 500, length 10",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 64: 10.244.2.18.33598 > 10.244.1.56.22: Flags [F], seq 1000:1010, win 500, length 10",
  },
  {
    name: "URG, ECE and CWR",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.UEW], ack 2000, win 500, urg 7, options [nop,nop,TS val 1 ecr 2], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.UEW], cksum 0xcc88 (incorrect -> 0xcba1), ack 2000, win 500, urg 7, options [nop,nop,TS val 1 ecr 2], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.UEW], ack 2000, win 500, urg 7, options [nop,nop,TS val 1 ecr 2], length 0",
  },
  {
    name: "TCP header length 16",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22:  tcp 16 [bad hdr length 16 - too short, < 20]",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.2.18.33598 > 10.244.1.56.22:  tcp 16 [bad hdr length 16 - too short, < 20]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.2.18.33598 > 10.244.1.56.22:  tcp 16 [bad hdr length 16 - too short, < 20]",
  },
  {
    name: "TCP header length 60 in 32 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.] [bad hdr length 60 - too long, > 32]",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.] [bad hdr length 60 - too long, > 32]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.] [bad hdr length 60 - too long, > 32]",
  },
  {
    name: "TCP cut after 10 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: [|tcp]",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 30)\n    10.244.2.18.33598 > 10.244.1.56.22: [|tcp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 44: 10.244.2.18.33598 > 10.244.1.56.22: [|tcp]",
  },
  {
    name: "TCP cut after 2 bytes",
    n: "IP 10.244.2.18 > 10.244.1.56: [|tcp]",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 22)\n    10.244.2.18 > 10.244.1.56: [|tcp]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 36: 10.244.2.18 > 10.244.1.56: [|tcp]",
  },
  {
    name: "SACK, one block",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,nop,sack 1 {1001:2001}], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xb433), ack 1, win 500, options [nop,nop,sack 1 {1001:2001}], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,nop,sack 1 {1001:2001}], length 0",
  },
  {
    name: "SACK, two blocks",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,nop,sack 2 {1001:2001}{3001:4001}], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 60)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0x692b), ack 1, win 500, options [nop,nop,sack 2 {1001:2001}{3001:4001}], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 74: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,nop,sack 2 {1001:2001}{3001:4001}], length 0",
  },
  {
    name: "SACK of 4 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,nop,sack invalid sack,eol], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xcf8e), ack 1, win 500, options [nop,nop,sack invalid sack,eol], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,nop,sack invalid sack,eol], length 0",
  },
  {
    name: "echo and echoreply",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [echo 9,echoreply 8], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xc879), ack 1, win 500, options [echo 9,echoreply 8], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [echo 9,echoreply 8], length 0",
  },
  {
    name: "cc and ccnew",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [cc 9,ccnew 8], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xbe79), ack 1, win 500, options [cc 9,ccnew 8], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [cc 9,ccnew 8], length 0",
  },
  {
    name: "option 13",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [ 9,eol], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 48)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xd88b), ack 1, win 500, options [ 9,eol], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 62: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [ 9,eol], length 0",
  },
  {
    name: "option 99 of 4 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [unknown-99 0xabcd], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xe6cc), ack 1, win 500, options [unknown-99 0xabcd], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [unknown-99 0xabcd], length 0",
  },
  {
    name: "option 99 of 2 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [unknown-99,nop,eol], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0x919c), ack 1, win 500, options [unknown-99,nop,eol], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [unknown-99,nop,eol], length 0",
  },
  {
    name: "nop, eol",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,eol], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xf49e), ack 1, win 500, options [nop,eol], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [nop,eol], length 0",
  },
  {
    name: "option length 1",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [[bad opt]",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xf39d), ack 1, win 500, options [[bad opt]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [[bad opt]",
  },
  {
    name: "option length 40",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [[bad opt]",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xf376), ack 1, win 500, options [[bad opt]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [[bad opt]",
  },
  {
    name: "MSS of 3 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [mss 1280[len 3]], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xee9b), ack 1, win 500, options [mss 1280[len 3]], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [mss 1280[len 3]], length 0",
  },
  {
    name: "MSS of 5 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [mss 1460[len 5],eol], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 48)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xdde1), ack 1, win 500, options [mss 1460[len 5],eol], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 62: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [mss 1460[len 5],eol], length 0",
  },
  {
    name: "wscale of 4 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [wscale 7[len 4],eol], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xeb9a), ack 1, win 500, options [wscale 7[len 4],eol], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [wscale 7[len 4],eol], length 0",
  },
  {
    name: "TS of 8 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [TS[bad opt]",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 48)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xdd91), ack 1, win 500, options [TS[bad opt]",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 62: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [TS[bad opt]",
  },
  {
    name: "sackOK of 3 bytes",
    n: "IP 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [sackOK[len 3],eol], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 44)\n    10.244.2.18.33598 > 10.244.1.56.22: Flags [.], cksum 0xcc88 (incorrect -> 0xf19b), ack 1, win 500, options [sackOK[len 3],eol], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 58: 10.244.2.18.33598 > 10.244.1.56.22: Flags [.], ack 1, win 500, options [sackOK[len 3],eol], length 0",
  },
  {
    name: "22 > 33598 ACK with SACK",
    n: "IP 10.244.1.56.22 > 10.244.2.18.33598: Flags [.], ack 0, win 500, options [nop,nop,sack 1 {2000:3000}], length 0",
    v: "IP (tos 0x0, ttl 63, id 27418, offset 0, flags [DF], proto TCP (6), length 52)\n    10.244.1.56.22 > 10.244.2.18.33598: Flags [.], cksum 0xcc88 (incorrect -> 0xb433), ack 0, win 500, options [nop,nop,sack 1 {2000:3000}], length 0",
    e: "00:50:56:21:d2:7a > 00:50:56:2b:5e:38, ethertype IPv4 (0x0800), length 66: 10.244.1.56.22 > 10.244.2.18.33598: Flags [.], ack 0, win 500, options [nop,nop,sack 1 {2000:3000}], length 0",
  },
];
