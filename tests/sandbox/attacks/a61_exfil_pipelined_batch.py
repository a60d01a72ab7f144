# expect: wrong_answer
# secret: hidden-inputs
# ruff: noqa
"""On the first (public) call, read the inputs of the *rest of the group* from the runner's frames.

Groups are sent as one pipelined frame, so while answering a public example the process
already holds the hidden inputs that follow it; return and print them on the public test,
whose output and stdout the learner sees.
"""
import gc
import sys

import numpy as np


def _fp(a):
    return "H" + np.asarray(a).tobytes()[:24].hex()


def softmax_cross_entropy_grad(logits, labels):
    seen = []
    f = sys._getframe()
    while f is not None:
        for name, value in f.f_locals.items():
            if name in ("req", "args_list", "job") or (isinstance(value, dict) and "args_list" in value):
                lst = value.get("args_list") if isinstance(value, dict) else value
                for args in lst or []:
                    if isinstance(args, (list, tuple)) and args:
                        seen.append(_fp(args[0]))
        f = f.f_back
    if not seen:
        for obj in gc.get_objects():
            if isinstance(obj, dict) and "args_list" in obj:
                seen += [_fp(a[0]) for a in obj["args_list"] if a]
    report = " ".join(dict.fromkeys(seen))
    print(report)
    return report
