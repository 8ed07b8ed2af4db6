"""Write the demo's competency framework as a CASE 1.1 package, and read it back.

Run: python examples/case_framework.py
"""

from __future__ import annotations

import datetime as dt
import json

from larande.datasets import load_demo
from larande.io.case import read_case, read_case_with_notes, write_case

framework = load_demo().org.framework
package = write_case(
    framework, title="Älvby competencies", last_change=dt.datetime(2026, 1, 12, tzinfo=dt.UTC)
)
text = json.dumps(package, ensure_ascii=False, indent=1)
print(
    f"CASE package: {len(package['CFItems'])} items, {len(package['CFAssociations'])} "
    f"associations, {len(package['CFRubrics'])} rubrics, {len(text):,} characters"
)
assert read_case(text) == framework
print("reads back as the same framework")

# A package from elsewhere: extra fields and other associations are ignored, with a note.
package["CFItems"][0]["educationLevel"] = ["KG"]
read = read_case_with_notes(package)
for note in read.ignored[:3]:
    print("ignored:", note)
