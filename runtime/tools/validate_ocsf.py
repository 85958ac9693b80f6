#!/usr/bin/env python3
"""Validate OCSF events (JSON lines on stdin) against the OCSF 1.1.0 JSON schema.

Uses the PyPI package `ocsf-json-schema` (the class schema with its objects embedded) and
`jsonschema` (draft 2020-12). Run it with the interpreter of the venv that has both:

    sds-normalize --source cloudtrail FILE | $SDS_TOOLS/ocsf/bin/python runtime/tools/validate_ocsf.py

Profiles: a class schema leaves out profile attributes unless the profile is selected, so
each event is validated with the profiles it declares in `metadata.profiles`, plus `cloud`
when it carries a `cloud` object (DESIGN.md: every event has `cloud` where known).

Prints one line per problem: `line N class C (product): $.json.path: message`, then a
summary line `validate_ocsf: checked=N invalid=M` and, per class and path, how many
events failed there. Exit status 1 when any event is invalid, 0 otherwise.
"""

import argparse
import collections
import json
import re
import sys

from jsonschema import Draft202012Validator
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

VERSION = "1.1.0"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-report", type=int, default=200, help="print at most this many problems")
    ap.add_argument("--label", default="", help="prefix for problem lines (e.g. a file name)")
    args = ap.parse_args()

    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(VERSION))
    validators: dict[tuple[int, tuple[str, ...]], Draft202012Validator] = {}
    checked = invalid = reported = 0
    by_place: collections.Counter = collections.Counter()

    def report(n: int, cls, product: str, path: str, msg: str) -> None:
        nonlocal reported
        by_place[(cls, product, re.sub(r"\[\d+\]", "[]", path))] += 1
        if reported < args.max_report:
            print(f"{args.label}line {n} class {cls} ({product}): {path}: {msg[:300]}")
        reported += 1

    for n, line in enumerate(sys.stdin.buffer, start=1):
        if not line.strip():
            continue
        checked += 1
        try:
            event = json.loads(line)
        except ValueError as e:
            invalid += 1
            report(n, None, "?", "$", f"not JSON: {e}")
            continue
        if not isinstance(event, dict):
            invalid += 1
            report(n, None, "?", "$", "not a JSON object")
            continue
        meta = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
        product = (meta.get("product") or {}).get("name", "?") if isinstance(meta.get("product"), dict) else "?"
        cls = event.get("class_uid")
        problems = []
        if meta.get("version") != VERSION:
            problems.append(("$.metadata.version", f"is {meta.get('version')!r}, expected {VERSION!r}"))
        profiles = set(p for p in meta.get("profiles", []) if isinstance(p, str))
        if "cloud" in event:
            profiles.add("cloud")
        key = (cls, tuple(sorted(profiles)))
        validator = validators.get(key)
        if validator is None:
            try:
                name = schema.lookup_class_name_from_uid(cls)
                validator = Draft202012Validator(schema.get_class_schema(name, sorted(profiles)))
            except (ValueError, TypeError) as e:
                problems.append(("$.class_uid", f"no OCSF {VERSION} class: {e}"))
            else:
                validators[key] = validator
        if validator is not None:
            for err in sorted(validator.iter_errors(event), key=lambda e: e.json_path):
                problems.append((err.json_path, err.message))
        if problems:
            invalid += 1
            for path, msg in problems:
                report(n, cls, product, path, msg)

    print(f"validate_ocsf: checked={checked} invalid={invalid}")
    for (cls, product, path), count in sorted(by_place.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        print(f"  {count:>6}  class {cls} ({product}) at {path}")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
