# expect: wrong_answer
# mode: run
# shows: REPORT-BEGIN
# ruff: noqa
"""Raw devices: memory, disks, kernel log, ports, terminals."""
import os

MARK = "ESC" + "APED"


def softmax_cross_entropy_grad(logits, labels):
    out = ["REPORT-BEGIN", f"/dev: {sorted(os.listdir('/dev'))}"]
    for dev in ("/dev/mem", "/dev/kmem", "/dev/port", "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/xvda",
                "/dev/kmsg", "/dev/tty", "/dev/console", "/dev/fuse", "/dev/kvm", "/dev/net/tun", "/dev/loop0",
                "/dev/disk/by-uuid"):
        try:
            fd = os.open(dev, os.O_RDONLY)
            data = os.read(fd, 64)
            os.close(fd)
            out.append(f"{MARK} read {dev}: {data[:16]!r}")
        except OSError as exc:
            out.append(f"{dev}: {type(exc).__name__}")
    for name, dev in (("mem", os.makedev(1, 1)), ("sda", os.makedev(8, 0))):
        try:
            os.mknod(f"/sandbox/tmp/{name}", 0o20666, dev)
            out.append(f"{MARK} mknod {name}")
        except OSError as exc:
            out.append(f"mknod {name}: {type(exc).__name__}")
    return "\n".join(out)
