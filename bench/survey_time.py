"""The `time` blocks of the official pages' example answers: where the emulator's latency
defaults come from (`bitrix_emulator::Latency::portal`).

    python3 bench/survey_time.py [PAGES_DIR]    # default ../shared/b24restdocs

Reads every `"duration"` and `"processing"` number in the examples of api-reference/crm
and prints their spread, overall and by the method's last word (add, list, get, …).
"""

import glob
import os
import re
import statistics
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "b24restdocs")


def quantile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def spread(xs):
    return "n=%d median %.3f s, p10 %.3f, p25 %.3f, p75 %.3f, p90 %.3f" % (
        len(xs), statistics.median(xs), quantile(xs, .1), quantile(xs, .25),
        quantile(xs, .75), quantile(xs, .9),
    )


durations, processing, by_kind, pages = [], [], {}, 0
for path in glob.glob(os.path.join(root, "api-reference/crm/**/*.md"), recursive=True):
    text = open(path, encoding="utf-8").read()
    d = [float(x) for x in re.findall(r'"duration"\s*:\s*([0-9.]+)', text)]
    p = [float(x) for x in re.findall(r'"processing"\s*:\s*([0-9.]+)', text)]
    pages += bool(d)
    durations += d
    processing += p
    kind = os.path.basename(path)[:-3].rsplit("-", 1)[-1]
    if kind not in ("add", "list", "get", "update", "delete", "fields"):
        kind = "other"
    by_kind.setdefault(kind, []).extend(d)
print(f"{pages} pages with a time block")
print("duration:  ", spread(durations))
print("processing:", spread(processing))
for kind, xs in sorted(by_kind.items()):
    if xs:
        print(f"  duration of *.{kind}:", spread(xs))
