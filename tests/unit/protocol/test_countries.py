"""Country names come from phonenumbers' table of region names alone: the rest of its geodata
(40 MB of place names per number prefix) is never loaded, which cost the first account shown
(a screen-pop's caller) one to three seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PROGRAM = """
import json, sys
from protocol.countries import country_code, country_name
print(json.dumps([
    country_name("CN", "zh_CN"), country_name("DE"), country_code("英國"),
    "phonenumbers.geodata" in sys.modules,
]))
"""


def test_country_names_without_the_geocoding_data() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == ["中国", "Germany", "GB", False]
