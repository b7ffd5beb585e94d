"""What the Python tests share: check(cond, what) records a failure (and
prints it); failures is the list of what failed, empty when all passed."""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
