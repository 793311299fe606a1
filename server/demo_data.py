"""Realistic, deterministic demo data: accounts with their contacts, tasks and past activities.

`generate` yields `(entity, record_id, fields)` with exactly the protocol fields of each entity,
every record an account first and then its children. The same arguments always give the same
records, so a demo, a benchmark or a test can be rebuilt at will.

Code keys (tiers, statuses, answers) and the processes the activities follow are read from the
default content in `resources/defaults/`; the tables the records are drawn from are data files in
`resources/demo/`: how often a code is chosen (weights.json), cities, districts and roads
(places.json), trade names (companies.json), people's names, titles and numbers (people.json),
and notes and tasks (texts.json). About half the accounts have Chinese names and addresses, the
other half English or other Latin ones, with phone numbers in the mixed formats a real customer
list has.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

from protocol import labels
from server.defaults import load_code_sets, load_processes

T = TypeVar("T")
DEMO_PACKAGE = "resources.demo"


def _table(file_name: str) -> Any:
    """The tables of one JSON file of `resources/demo/`."""
    text = resources.files(DEMO_PACKAGE).joinpath(file_name).read_text(encoding="utf-8")
    return json.loads(text)


def _pairs(rows: list[list[str]]) -> tuple[tuple[str, str], ...]:
    """JSON's [a, b] rows as the (a, b) pairs the builders unpack."""
    return tuple((a, b) for a, b in rows)


@dataclass(frozen=True, slots=True)
class _Step:
    key: str
    code_set: str
    multiple: bool
    required: bool
    branches: tuple[tuple[str, str], ...]  # (if_code, goto) in order


@dataclass(frozen=True, slots=True)
class _FollowUp:
    titles: dict[str, str]  # locale → text
    kind: str
    due_in_days: int


@dataclass(frozen=True, slots=True)
class _Process:
    key: str
    version: int
    kind: str
    steps: tuple[_Step, ...]
    index: dict[str, int]
    follow_ups: dict[tuple[str, str], _FollowUp]  # (step key, code) -> follow-up


@dataclass(frozen=True, slots=True)
class _Catalogue:
    codes: dict[str, tuple[str, ...]]  # code set -> active code keys in their order
    processes: dict[str, _Process]


@cache
def _catalogue() -> _Catalogue:
    # The codes a user can pick: active ones with no active code below them.
    codes = {}
    for code_set in load_code_sets():
        active = [c for c in code_set["codes"] if not c.get("retired")]
        parents = {c.get("parent") for c in active}
        codes[code_set["key"]] = tuple(c["key"] for c in active if c["key"] not in parents)
    processes: dict[str, _Process] = {}
    for proc in load_processes():
        steps = tuple(
            _Step(
                key=s["key"],
                code_set=s["code_set"],
                multiple=bool(s["multiple"]),
                required=bool(s["required"]),
                branches=tuple((b["if_code"], b["goto"]) for b in s["branches"]),
            )
            for s in proc["steps"]
        )
        follow_ups = {
            (s["key"], f["if_code"]): _FollowUp(f["title"], f["kind"], int(f["due_in_days"]))
            for s in proc["steps"]
            for f in s["follow_ups"]
        }
        processes[proc["key"]] = _Process(
            key=proc["key"],
            version=int(proc["version"]),
            kind=proc["kind"],
            steps=steps,
            index={s.key: i for i, s in enumerate(steps)},
            follow_ups=follow_ups,
        )
    return _Catalogue(codes=codes, processes=processes)


# --------------------------------------------------------------------------------------------
# Weighted choice


class _Weighted(Generic[T]):
    """A weighted choice drawn with one `random()` and a bisect."""

    __slots__ = ("cum", "items", "last", "total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        kept = [(item, float(w)) for item, w in pairs if w > 0]
        if not kept:
            raise ValueError("nothing to choose from")
        self.items: list[T] = [item for item, _ in kept]
        self.cum: list[float] = []
        total = 0.0
        for _, w in kept:
            total += w
            self.cum.append(total)
        self.total = total
        self.last = len(self.items) - 1

    def pick(self, rng: random.Random) -> T:
        i = bisect_right(self.cum, rng.random() * self.total)
        return self.items[i if i <= self.last else self.last]


# How often each code is chosen ("base"; codes not named weigh 1), multipliers that make one
# answer depend on an earlier one or on the account's status ("after"), and regional differences,
# so trends per territory have something to show ("territory"). Keys missing from the code sets
# are ignored, so editing the default content never breaks the generator.
_WEIGHTS = _table("weights.json")
_BASE_WEIGHTS: dict[str, dict[str, float]] = _WEIGHTS["base"]
_AFTER: dict[str, tuple[tuple[str, dict[str, dict[str, float]]], ...]] = {
    code_set: tuple((earlier, table) for earlier, table in after)
    for code_set, after in _WEIGHTS["after"].items()
}
_TERRITORY_WEIGHTS: dict[str, dict[str, dict[str, float]]] = _WEIGHTS["territory"]


_MULTIPLE_COUNT = _Weighted([(1, 45), (2, 38), (3, 17)])


class _Chooser:
    """Weighted code choices per (code set, territory, earlier answers), built once each."""

    def __init__(self, catalogue: _Catalogue) -> None:
        self._codes = catalogue.codes
        self._cache: dict[tuple[str, str, tuple[str | None, ...]], _Weighted[str] | None] = {}

    def get(self, code_set: str, territory: str, context: dict[str, str]) -> _Weighted[str] | None:
        deps = _AFTER.get(code_set, ())
        given = tuple(context.get(dep) for dep, _ in deps)
        key = (code_set, territory, given)
        if key in self._cache:
            return self._cache[key]
        codes = self._codes.get(code_set, ())
        base = _BASE_WEIGHTS.get(code_set, {})
        regional = _TERRITORY_WEIGHTS.get(territory, {}).get(code_set, {})
        pairs = []
        for code in codes:
            w = base.get(code, 1.0) * regional.get(code, 1.0)
            for (_, table), value in zip(deps, given, strict=True):
                if value is not None:
                    w *= table.get(value, {}).get(code, 1.0)
            pairs.append((code, w))
        chooser = _Weighted(pairs) if any(w > 0 for _, w in pairs) else None
        self._cache[key] = chooser
        return chooser


# --------------------------------------------------------------------------------------------
# Places, names and numbers


@dataclass(frozen=True, slots=True)
class _City:
    zh: str
    en: str
    pinyin: str  # lower-case, for e-mail domains
    area: str  # trunk prefix and area code, "010"
    digits: int  # length of a local number
    postcode: str  # first three digits
    districts: tuple[tuple[str, str], ...]


_PLACES = _table("places.json")
_CITIES: dict[str, tuple[tuple[_City, float], ...]] = {
    territory: tuple(
        (
            _City(
                city["zh"],
                city["en"],
                city["pinyin"],
                city["area"],
                city["digits"],
                city["postcode"],
                _pairs(city["districts"]),
            ),
            city["weight"],
        )
        for city in cities
    )
    for territory, cities in _PLACES["cities"].items()
}
_ROADS = _pairs(_PLACES["roads"])
_BUILDINGS = _pairs(_PLACES["buildings"])

_COMPANIES = _table("companies.json")
# Trade names are two characters, a first one and a second one, with their pinyin, for names
# and e-mail domains: 华信 (huaxin, hx), 恒通 (hengtong, ht) ...
_BRAND_FIRST = _pairs(_COMPANIES["brand_first"])
_BRAND_SECOND = _pairs(_COMPANIES["brand_second"])
_BRAND_NAMES = tuple(
    (a + b, a_py + b_py, a_py[0] + b_py[0])
    for a, a_py in _BRAND_FIRST
    for b, b_py in _BRAND_SECOND
    if a != b
)
# (Chinese industry word, its initials for domains, an English word for domains)
_INDUSTRIES_ZH: tuple[tuple[str, str, str], ...] = tuple(
    (word, initials, english) for word, initials, english in _COMPANIES["industries_zh"]
)
_SUFFIX_ZH = _Weighted([(suffix, w) for suffix, w in _COMPANIES["suffixes_zh"]])
_WORDS_EN: tuple[str, ...] = tuple(_COMPANIES["words_en"])
# Two-word trade names: "Golden Bridge", "Blue Harbour" ...
_WORDS_EN_FIRST: tuple[str, ...] = tuple(_COMPANIES["words_en_first"])
_WORDS_EN_SECOND: tuple[str, ...] = tuple(_COMPANIES["words_en_second"])
_INDUSTRIES_EN: tuple[str, ...] = tuple(_COMPANIES["industries_en"])
_FOREIGN_FORMS: tuple[str, ...] = tuple(_COMPANIES["foreign_forms"])
_PARTNER_NAMES: tuple[str, ...] = tuple(_COMPANIES["partner_names"])

_PEOPLE = _table("people.json")
_SURNAMES = _Weighted([((zh, py), w) for zh, py, w in _PEOPLE["surnames"]])
_GIVEN = _pairs(_PEOPLE["given"])
_NICKNAMES: tuple[str, ...] = tuple(_PEOPLE["nicknames"])
_FIRST_EN: tuple[str, ...] = tuple(_PEOPLE["first_en"])
_LAST_EN: tuple[str, ...] = tuple(_PEOPLE["last_en"])
_ASCII = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "é": "e",
        "á": "a",
        "í": "i",
        "ó": "o",
        "'": "",
        " ": "",
        "-": "",
    }
)
_TITLE = _Weighted([((zh, en), w) for zh, en, w in _PEOPLE["titles"]])
_MAIL_FREE_ZH = _Weighted([(domain, w) for domain, w in _PEOPLE["mail_free_zh"]])
_MAIL_FREE_EN = _Weighted([(domain, w) for domain, w in _PEOPLE["mail_free_en"]])
_MOBILE_PREFIXES: tuple[str, ...] = tuple(_PEOPLE["mobile_prefixes"])

_TEXTS = _table("texts.json")
_ACCOUNT_NOTES = _pairs(_TEXTS["account_notes"])
_VISIT_NOTES = _pairs(_TEXTS["visit_notes"])
_CALL_NOTES = _pairs(_TEXTS["call_notes"])
_TASKS: tuple[tuple[str, str, str], ...] = tuple((zh, en, kind) for zh, en, kind in _TEXTS["tasks"])

_CONTACT_COUNT = _Weighted([(1, 20), (2, 40), (3, 40)])
_TASK_COUNT = _Weighted([(0, 18), (1, 30), (2, 30), (3, 22)])
_ACTIVITY_COUNT = {
    "a": _Weighted([(0, 1), (1, 3), (2, 10), (3, 22), (4, 30), (5, 34)]),
    "b": _Weighted([(0, 4), (1, 10), (2, 18), (3, 26), (4, 24), (5, 18)]),
    "c": _Weighted([(0, 10), (1, 16), (2, 22), (3, 22), (4, 16), (5, 14)]),
}
_ACTIVITY_COUNT_OTHER = _Weighted([(n, 1) for n in range(6)])
_PROCESS_MIX = (
    ("field_visit", 58),
    ("inbound_call", 30),
    ("delivery_confirmation", 7),
    ("after_sales_check", 5),
)
_TASK_STATE = _Weighted([("done", 30), ("overdue", 15), ("today", 12), ("upcoming", 43)])
_CLOSED_OUTCOME = {"done": 80, "cancelled": 10, "no_answer": 10}


# --------------------------------------------------------------------------------------------
# Builders


def _landline(rng: random.Random, city: _City) -> str:
    if city.digits == 7:
        n = str(rng.randint(2_000_000, 8_999_999))
        a, b = n[:3], n[3:]
    else:
        n = str(rng.randint(20_000_000, 89_999_999))
        if n.startswith("800"):  # 800 numbers are toll-free lines, not an office's phone
            n = "6" + n[1:]
        a, b = n[:4], n[4:]
    style = rng.random()
    if style < 0.40:
        return f"{city.area}-{a} {b}"
    if style < 0.60:
        return f"{city.area}-{n}"
    if style < 0.78:
        return f"+86 {city.area[1:]} {a} {b}"
    if style < 0.92:
        return f"({city.area}) {a} {b}"
    return f"{city.area} {n}"


def _mobile(rng: random.Random) -> str:
    prefix = _MOBILE_PREFIXES[rng.randrange(len(_MOBILE_PREFIXES))]
    n = f"{prefix}{rng.randrange(100_000_000):08d}"
    style = rng.random()
    if style < 0.55:
        return n
    if style < 0.72:
        return f"{n[:3]} {n[3:7]} {n[7:]}"
    if style < 0.86:
        return f"+86 {n[:3]} {n[3:7]} {n[7:]}"
    if style < 0.95:
        return f"{n[:3]}-{n[3:7]}-{n[7:]}"
    return f"+86-{n}"


def _company_zh(rng: random.Random, city: _City) -> tuple[str, str]:
    """A Chinese company name and its e-mail domain."""
    brand, brand_py, brand_initials = _BRAND_NAMES[rng.randrange(len(_BRAND_NAMES))]
    industry, initials, word = _INDUSTRIES_ZH[rng.randrange(len(_INDUSTRIES_ZH))]
    suffix = _SUFFIX_ZH.pick(rng)
    if not suffix:  # a branch office of a company from elsewhere
        name = f"{brand}{industry}集团有限公司{city.zh}分公司"
    else:
        name = f"{city.zh}{brand}{industry}{suffix}"
    style = rng.random()
    if style < 0.4:
        domain = f"{brand_py}{word}.com"
    elif style < 0.75:
        domain = f"{city.pinyin}{brand_initials}{initials}.com.cn"
    else:
        domain = f"{brand_py}.cn"
    return name, domain


def _company_en(rng: random.Random, city: _City) -> tuple[str, str]:
    """An English or other Latin company name and its e-mail domain."""
    if rng.random() < 0.5:
        word = _WORDS_EN[rng.randrange(len(_WORDS_EN))]
    else:
        first = _WORDS_EN_FIRST[rng.randrange(len(_WORDS_EN_FIRST))]
        word = f"{first} {_WORDS_EN_SECOND[rng.randrange(len(_WORDS_EN_SECOND))]}"
    industry = _INDUSTRIES_EN[rng.randrange(len(_INDUSTRIES_EN))]
    slug = (word + industry.split()[0]).lower().translate(_ASCII)
    style = rng.random()
    if style < 0.35:
        return f"{city.en} {word} {industry} Co., Ltd.", f"{slug}.com.cn"
    if style < 0.47:
        partner = _PARTNER_NAMES[rng.randrange(len(_PARTNER_NAMES))]
        if rng.random() < 0.6:
            return f"{partner} & Partners Ltd.", f"{partner.lower()}-partners.com"
        return f"{partner} & Sons {industry}", f"{partner.lower()}sons.com"
    if style < 0.67:
        form = _FOREIGN_FORMS[rng.randrange(len(_FOREIGN_FORMS))]
        return f"{word} {industry} {form}", f"{slug}.com"
    if style < 0.87:
        return f"{word} {industry} ({city.en}) Co., Ltd.", f"{slug}.cn"
    return f"{word} {industry} Ltd.", f"{slug}.com"


def _address(rng: random.Random, city: _City, chinese: bool) -> str:
    district_zh, district_en = city.districts[rng.randrange(len(city.districts))]
    road_zh, road_en = _ROADS[rng.randrange(len(_ROADS))]
    number = rng.randint(1, 399)
    extra = rng.random()
    building_zh, building_en = _BUILDINGS[rng.randrange(len(_BUILDINGS))]
    floor = rng.randint(2, 32)
    if chinese:
        head = f"{city.zh}市{district_zh}{road_zh}{number}号"
        if extra < 0.3:
            return f"{head}{building_zh}大厦{floor}层"
        if extra < 0.55:
            return f"{head}{rng.randint(1, 12)}号楼{floor}{rng.randint(1, 20):02d}室"
        if extra < 0.7:
            return f"{head}{building_zh}产业园{rng.randint(1, 9)}栋"
        return head
    tail = f"{road_en}, {district_en}, {city.en}"
    if rng.random() < 0.35:
        tail = f"{tail} {city.postcode}{rng.randint(0, 9)}{rng.randint(0, 9)}0"
    if extra < 0.35:
        return f"Room {floor}{rng.randint(1, 20):02d}, {building_en} Tower, {number} {tail}"
    if extra < 0.55:
        return f"{floor}F, {building_en} Plaza, No. {number} {tail}"
    if extra < 0.75:
        return f"No. {number} {tail}"
    return f"{number} {tail}"


def _person(rng: random.Random, latin: bool) -> tuple[str, str, bool]:
    """A name, a local part for an e-mail address, and whether the name is Chinese script."""
    surname, surname_py = _SURNAMES.pick(rng)
    given, given_py = _GIVEN[rng.randrange(len(_GIVEN))]
    if not latin:
        local_style = rng.random()
        if local_style < 0.4:
            local = f"{surname_py}{given_py}"
        elif local_style < 0.7:
            local = f"{surname_py}.{given_py}"
        else:
            local = f"{given_py[0]}{surname_py}"
        return f"{surname}{given}", local, True
    style = rng.random()
    if style < 0.25:
        return f"{surname_py.title()} {given_py.title()}", f"{surname_py}.{given_py}", False
    if style < 0.5:
        return f"{given_py.title()} {surname_py.title()}", f"{given_py}.{surname_py}", False
    if style < 0.75:
        nick = _NICKNAMES[rng.randrange(len(_NICKNAMES))]
        return f"{nick} {surname_py.title()}", f"{nick.lower()}.{surname_py}", False
    first = _FIRST_EN[rng.randrange(len(_FIRST_EN))]
    last = _LAST_EN[rng.randrange(len(_LAST_EN))]
    return f"{first} {last}", f"{first}.{last}".lower().translate(_ASCII), False


class _Days(dict[int, str]):
    """ISO dates by their offset in days from `today`, each formatted once."""

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today

    def __missing__(self, offset: int) -> str:
        value = (self.today + dt.timedelta(days=offset)).isoformat()
        self[offset] = value
        return value


def _new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generate(
    *,
    seed: int,
    accounts: int,
    territories: dict[str, str],
    owners: dict[str, list[str]],
    today: dt.date,
) -> Iterator[tuple[str, str, dict[str, object]]]:
    """Yield `(entity, record_id, fields)` for `accounts` accounts and their children.

    `territories` maps territory id -> territory key ("north", "east", ...; unknown keys get
    cities from all regions); `owners` maps territory id -> the user ids who own accounts
    there (an account in a territory without owners has no owner). Each account is followed by
    its 1-3 contacts, 0-3 tasks and 0-5 activities of the last 90 days.
    """
    if accounts < 0:
        raise ValueError("accounts must not be negative")
    if accounts and not territories:
        raise ValueError("at least one territory is needed")
    rng = random.Random(seed)
    catalogue = _catalogue()
    chooser = _Chooser(catalogue)
    codes = catalogue.codes

    territory_ids = list(territories)
    all_cities = tuple(pair for pairs in _CITIES.values() for pair in pairs)
    city_pick = {
        tid: _Weighted(list(_CITIES.get(key, all_cities))) for tid, key in territories.items()
    }
    owner_lists = {tid: list(owners.get(tid, ())) for tid in territory_ids}

    processes = [
        (catalogue.processes[key], w) for key, w in _PROCESS_MIX if key in catalogue.processes
    ]
    process_pick = _Weighted(processes) if processes else None

    # Dates relative to today as ISO strings, and the working days of the last 90 days.
    date_str = _Days(today)
    workdays = [
        -back for back in range(1, 91) if (today - dt.timedelta(days=back)).weekday() < 5
    ] or [-1]

    closed_outcome = (
        _Weighted([(k, _CLOSED_OUTCOME.get(k, 0.0)) for k in codes.get("task_outcome", ())])
        if any(_CLOSED_OUTCOME.get(k) for k in codes.get("task_outcome", ()))
        else None
    )
    rescheduled = "rescheduled" if "rescheduled" in codes.get("task_outcome", ()) else None

    seen_names: set[str] = set()
    random_ = rng.random
    randrange = rng.randrange
    new_id = _new_id
    n_territories = len(territory_ids)

    for _ in range(accounts):
        tid = territory_ids[randrange(n_territories)] if n_territories > 1 else territory_ids[0]
        territory_key = territories[tid]
        city = city_pick[tid].pick(rng)
        latin = random_() < 0.5
        owner_ids = owner_lists[tid]
        owner = owner_ids[randrange(len(owner_ids))] if owner_ids else None

        context: dict[str, str] = {}
        tier_choice = chooser.get("account_tier", territory_key, context)
        tier = tier_choice.pick(rng) if tier_choice else None
        status_choice = chooser.get("account_status", territory_key, context)
        status = status_choice.pick(rng) if status_choice else None
        if tier:
            context["account_tier"] = tier
        if status:
            context["account_status"] = status

        company = _company_en if latin else _company_zh
        for _attempt in range(8):  # a few more draws keep names (nearly) unique
            name, domain = company(rng, city)
            if name not in seen_names:
                break
        seen_names.add(name)
        chinese_address = not latin or random_() < 0.15
        account_id = new_id(rng)
        note = ""
        if random_() < 0.1:
            zh, en = _ACCOUNT_NOTES[randrange(len(_ACCOUNT_NOTES))]
            note = en if latin else zh
        yield (
            "account",
            account_id,
            {
                "name": name,
                "phone": _landline(rng, city) if random_() < 0.85 else _mobile(rng),
                "city": city.en if latin else city.zh,
                "country": "CN",  # the demo's cities are all in China
                "address": _address(rng, city, chinese_address),
                "tier": tier,
                "status": status,
                "territory_id": tid,
                "owner_id": owner,
                "note": note,
            },
        )

        for _c in range(_CONTACT_COUNT.pick(rng)):
            person_latin = random_() < (0.6 if latin else 0.06)
            person, local, cjk = _person(rng, person_latin)
            title_zh, title_en = _TITLE.pick(rng)
            mail = random_()
            if mail < 0.55:
                email = f"{local}@{domain}"
            elif mail < 0.85:
                free = _MAIL_FREE_ZH.pick(rng) if cjk else _MAIL_FREE_EN.pick(rng)
                if free == "qq.com" and random_() < 0.6:
                    email = f"{rng.randint(10_000, 3_999_999_999)}@qq.com"
                else:
                    email = f"{local}{rng.randint(70, 99) if random_() < 0.5 else ''}@{free}"
            else:
                email = ""
            yield (
                "contact",
                new_id(rng),
                {
                    "account_id": account_id,
                    "name": person,
                    "title": title_en if latin else title_zh,
                    "phone": _mobile(rng) if random_() < 0.85 else _landline(rng, city),
                    "email": email,
                },
            )

        # Past activities, oldest first, each following its process step by step.
        activities: list[tuple[str, dict[str, object]]] = []
        follow_ups: list[tuple[int, _FollowUp, str | None]] = []
        count_pick = _ACTIVITY_COUNT.get(tier or "", _ACTIVITY_COUNT_OTHER)
        n_activities = count_pick.pick(rng) if process_pick else 0
        days = sorted(workdays[randrange(len(workdays))] for _a in range(n_activities))
        for offset in days:
            assert process_pick is not None
            process = process_pick.pick(rng)
            step_context = dict(context)
            answers: list[dict[str, object]] = []
            fired: list[_FollowUp] = []
            i = 0
            guard = 0
            steps = process.steps
            while i < len(steps) and guard < 20:
                guard += 1
                step = steps[i]
                picked = _answer(rng, chooser, step, territory_key, step_context)
                goto = None
                if picked:
                    answers.append({"step": step.key, "codes": picked, "note": ""})
                    for code in picked:
                        found = process.follow_ups.get((step.key, code))
                        if found:
                            fired.append(found)
                    for if_code, target in step.branches:
                        if if_code in picked:
                            goto = target
                            break
                if goto == "end":
                    break
                i = process.index[goto] if goto in process.index else i + 1
            if process.kind == "call":
                hour, minute = 8 + randrange(10), randrange(60)
            else:
                hour, minute = 9 + randrange(9), 5 * randrange(12)
            user = owner
            if owner_ids and (owner is None or random_() < 0.15):
                user = owner_ids[randrange(len(owner_ids))]
            activity_note = ""
            if random_() < 0.12:
                notes = _CALL_NOTES if process.kind == "call" else _VISIT_NOTES
                zh, en = notes[randrange(len(notes))]
                activity_note = en if latin else zh
            activities.append(
                (
                    new_id(rng),
                    {
                        "account_id": account_id,
                        "process_key": process.key,
                        "process_version": process.version,
                        "kind": process.kind,
                        "occurred_at": f"{date_str[offset]}T{hour:02d}:{minute:02d}:00+08:00",
                        "user_id": user,
                        "answers": answers,
                        "note": activity_note,
                    },
                )
            )
            follow_ups = [(offset + f.due_in_days, f, user) for f in fired]

        # Tasks: what the latest activity's follow-up rules created, then other open or done work.
        n_tasks = _TASK_COUNT.pick(rng)
        if status == "lost" and random_() < 0.7:
            n_tasks = 0
        made = 0
        for due, follow_up, assignee in follow_ups[:3]:
            done = due < 0 and random_() < 0.6
            yield (
                "task",
                new_id(rng),
                {
                    "account_id": account_id,
                    "title": labels.text(follow_up.titles, "en" if latin else "zh_CN"),
                    "kind": follow_up.kind,
                    "due_date": date_str[due],
                    "done": done,
                    "outcome": closed_outcome.pick(rng) if done and closed_outcome else None,
                    "assignee_id": assignee,
                },
            )
            made += 1
        for _t in range(n_tasks - made):
            title_zh, title_en, kind = _TASKS[randrange(len(_TASKS))]
            state = _TASK_STATE.pick(rng)
            outcome = None
            if state == "done":
                due = -rng.randint(1, 60)
                outcome = closed_outcome.pick(rng) if closed_outcome else None
            elif state == "overdue":
                due = -rng.randint(1, 21)
            elif state == "today":
                due = 0
            else:
                due = rng.randint(1, 30)
                if rescheduled and random_() < 0.08:
                    outcome = rescheduled
            yield (
                "task",
                new_id(rng),
                {
                    "account_id": account_id,
                    "title": title_en if latin else title_zh,
                    "kind": kind,
                    "due_date": date_str[due],
                    "done": state == "done",
                    "outcome": outcome,
                    "assignee_id": owner,
                },
            )

        for record_id, fields in activities:
            yield "activity", record_id, fields


def _answer(
    rng: random.Random, chooser: _Chooser, step: _Step, territory: str, context: dict[str, str]
) -> list[str]:
    """The codes chosen for one step (empty when an optional step is skipped)."""
    if not step.required and rng.random() < (0.15 if step.multiple else 0.1):
        return []
    choice = chooser.get(step.code_set, territory, context)
    if choice is None:
        return []
    if not step.multiple:
        code = choice.pick(rng)
        context[step.code_set] = code
        return [code]
    want = min(_MULTIPLE_COUNT.pick(rng), len(choice.items))
    picked: list[str] = []
    for _ in range(want * 4):
        code = choice.pick(rng)
        if code not in picked:
            picked.append(code)
            if len(picked) == want:
                break
    order = {code: i for i, code in enumerate(choice.items)}
    picked.sort(key=order.__getitem__)
    return picked
