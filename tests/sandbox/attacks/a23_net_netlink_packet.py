# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Netlink, packet and raw sockets (routing tables, sniffing, spoofing)."""
import socket

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN"]
    tries = [
        ("netlink-route", socket.AF_NETLINK, socket.SOCK_RAW, 0),
        ("netlink-audit", socket.AF_NETLINK, socket.SOCK_RAW, 9),
        ("netlink-uevent", socket.AF_NETLINK, socket.SOCK_DGRAM, 15),
        ("packet-raw", socket.AF_PACKET, socket.SOCK_RAW, 0x0300),
        ("packet-dgram", socket.AF_PACKET, socket.SOCK_DGRAM, 0x0300),
        ("inet-raw-icmp", socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
        ("inet-dgram", socket.AF_INET, socket.SOCK_DGRAM, 0),
        ("inet6-raw", socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6),
        ("vsock", 40, socket.SOCK_STREAM, 0),
        ("bluetooth", 31, socket.SOCK_STREAM, 0),
        ("alg", 38, socket.SOCK_SEQPACKET, 0),
    ]
    for name, fam, typ, proto in tries:
        try:
            s = socket.socket(fam, typ, proto)
            out.append(f"{MARK} {name} socket created")
            s.close()
        except OSError as exc:
            out.append(f"{name}: {type(exc).__name__} errno={exc.errno}")
    return "\n".join(out)
