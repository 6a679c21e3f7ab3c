"""Parses Dockerfiles with BuildKit's own Go parser (the `dockerfile` package on PyPI) for
the differential test. Reads a JSON list of Dockerfile texts on stdin, writes a JSON list of
results: {"error": msg} or {"commands": [...]}."""
import json
import sys

import dockerfile

out = []
for text in json.load(sys.stdin):
    try:
        cmds = dockerfile.parse_string(text)
    except Exception as e:  # GoParseError, or a decoding error on odd bytes
        out.append({"error": str(e)})
        continue
    out.append({"commands": [
        {
            "cmd": c.cmd,
            "sub_cmd": c.sub_cmd,
            "json": c.json,
            "original": c.original,
            "start_line": c.start_line,
            "end_line": c.end_line,
            "flags": list(c.flags),
            "value": list(c.value),
            "heredocs": [[h.name, h.content] for h in c.heredocs],
        }
        for c in cmds
    ]})
json.dump(out, sys.stdout)
