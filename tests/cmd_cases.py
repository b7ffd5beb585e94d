"""Shared by the command-line tests (bad_input.py, run_cmd_test.py): sample
files in a scratch directory, ELF header tables, and the verdict lines."""
import os


def writer(tmp):
    """make(name, data): writes DATA to TMP/NAME and returns its path."""
    def make(name, data):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path
    return make


def le(data, off, size):
    """The little-endian unsigned integer of SIZE bytes at OFF."""
    return int.from_bytes(data[off:off + size], "little")


def headers(elf, table, entsize, count):
    """The file offsets of the entries of an ELF64 header table whose
    offset, entry size and count the ELF header holds at TABLE, ENTSIZE and
    COUNT (0x20, 0x36, 0x38: program headers; 0x28, 0x3a, 0x3c: sections)."""
    off, size = le(elf, table, 8), le(elf, entsize, 2)
    return [off + i * size for i in range(le(elf, count, 2))]


def sanitizer_spoke(stderr):
    return "Sanitizer" in stderr or "runtime error" in stderr


def verdict(problems):
    return "ok" if not problems else "FAIL: " + "; ".join(problems)


def summary(total, failed):
    """Prints the last line, 'N passed, N failed'; returns the exit status."""
    print("%d passed, %d failed" % (total - failed, failed))
    return 1 if failed else 0
