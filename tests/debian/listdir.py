# A small script for Debian's python3 (tests/debian.tests, deb-run-python3-json):
# json, os.listdir and a little arithmetic, the same on MinOS and Linux.
import json
import os
import sys

words = open("/tests/debian/words.txt").read().split()
report = {
    "files": sorted(n for n in os.listdir("/tests/debian") if n.endswith((".txt", ".awk"))),
    "words": len(words),
    "longest": max(words, key=len),
    "answer": 6 * 7,
    "version": list(sys.version_info[:2]),
}
print(json.dumps(report, sort_keys=True))
print(json.loads('{"a": [1, 2.5, null, true]}'))
