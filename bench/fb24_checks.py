"""What the real-client check scripts share (`fast_bitrix24_crm.py`,
`fast_bitrix24_sections.py`, `b24pysdk_sections.py`): the `check` decorator that records and prints each check, the
helpers that undo fast_bitrix24's reshaping of one-call answers, and `drive`, which starts
the emulator binary, hands a `Bitrix` client to the checks and prints the tally."""

import subprocess
import sys
import traceback

results = []


def check(name):
    def run(f):
        try:
            detail = f()
            results.append((name, True, detail))
            print(f"ok      {name}" + (f": {detail}" if detail else ""), flush=True)
        except Exception as e:  # every failure is reported, none hidden
            results.append((name, False, repr(e)))
            print(f"FAILED  {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc(limit=2, file=sys.stderr)
        return f

    return run


def single(answer):
    """fast_bitrix24 sends even one call as a batch and may hand back the answer keyed by
    the command (`{"order0000000000": …}`): unwrap it."""
    if isinstance(answer, dict) and len(answer) == 1:
        (key, value), = answer.items()
        if key.startswith("order"):
            return value
    return answer


def unwrapped(record, key):
    """`{"item": {...}}` as the page shows it, or the record itself when fast_bitrix24
    already unwrapped a one-key answer."""
    if isinstance(record, dict) and set(record) == {key}:
        return record[key]
    return record


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def drive(command, run_checks):
    """Starts the emulator (`command`: the binary and its flags; it prints its webhook URL
    first), runs `run_checks(bx)` against it and returns the number of failed checks."""
    from fast_bitrix24 import Bitrix  # here: the b24pysdk script shares `check` without it

    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        webhook = proc.stdout.readline().strip()
        print(f"emulator at {webhook}", flush=True)
        # The emulator has no rate limit here; fast_bitrix24 still paces itself as told.
        bx = Bitrix(webhook, verbose=False, requests_per_second=50.0, ssl=False)
        run_checks(bx)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return tally()


def tally():
    """Prints `N of M checks ok` and returns the number of failed checks."""
    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"\n{len(results) - failed} of {len(results)} checks ok")
    return failed
