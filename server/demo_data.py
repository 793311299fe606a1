"""Realistic, deterministic demo data: accounts with their contacts, tasks and past activities.

`generate` yields `(entity, record_id, fields)` with exactly the protocol fields of each entity,
every record an account first and then its children. The same arguments always give the same
records, so a demo, a benchmark or a test can be rebuilt at will.

Code keys (tiers, statuses, answers) and the processes the activities follow are read from the
default content in `resources/defaults/`; the tables here only say how often a code is chosen.
About half the accounts have Chinese names and addresses, the other half English or other Latin
ones, with phone numbers in the mixed formats a real customer list has.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from server.defaults import load_code_sets, load_processes

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Step:
    key: str
    code_set: str
    multiple: bool
    required: bool
    branches: tuple[tuple[str, str], ...]  # (if_code, goto) in order


@dataclass(frozen=True, slots=True)
class _FollowUp:
    title_zh: str
    title_en: str
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
            (s["key"], f["if_code"]): _FollowUp(
                f["title_zh"], f["title_en"], f["kind"], int(f["due_in_days"])
            )
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


# How often each code is chosen; codes not named here weigh 1. Keys missing from the code sets
# are ignored, so editing the default content never breaks the generator.
_BASE_WEIGHTS: dict[str, dict[str, float]] = {
    "account_tier": {"a": 12, "b": 33, "c": 55},
    "account_status": {"prospect": 20, "active": 55, "dormant": 15, "lost": 10},
    "visit_purpose": {
        "introduction": 18,
        "demo": 16,
        "negotiation": 20,
        "delivery": 12,
        "after_sales": 12,
        "relationship": 22,
    },
    # The selling points: price, safety and brand dominate, as a few hundred visits should show.
    "purchase_reason": {
        "price": 30,
        "safety": 24,
        "brand": 19,
        "performance": 9,
        "looks": 7,
        "interior": 5,
        "seats": 4,
        "entertainment": 2,
    },
    "visit_outcome": {
        "order_placed": 18,
        "quote_requested": 22,
        "follow_up_visit": 25,
        "needs_time": 23,
        "no_interest": 12,
    },
    "call_reason": {
        "order_status": 30,
        "product_question": 24,
        "complaint": 10,
        "quote_request": 16,
        "delivery": 14,
        "other": 6,
    },
    "call_disposition": {
        "resolved": 58,
        "callback": 24,
        "escalated": 7,
        "wrong_number": 3,
        "no_answer": 8,
    },
    "customer_interest": {"high": 20, "medium": 40, "low": 28, "none": 12},
}

# Multipliers that make one answer depend on an earlier one (or on the account's status).
_AFTER: dict[str, tuple[tuple[str, dict[str, dict[str, float]]], ...]] = {
    "visit_purpose": (
        (
            "account_status",
            {
                "prospect": {"introduction": 5, "demo": 2.5, "delivery": 0.05, "after_sales": 0.05},
                "dormant": {"relationship": 2.5, "introduction": 0.3},
                "lost": {"relationship": 3, "negotiation": 0.4, "delivery": 0.1},
            },
        ),
    ),
    "visit_outcome": (
        (
            "visit_purpose",
            {
                "introduction": {"follow_up_visit": 2, "order_placed": 0.15, "needs_time": 1.5},
                "demo": {"quote_requested": 1.8, "follow_up_visit": 1.3, "order_placed": 0.5},
                "negotiation": {"order_placed": 2.5, "quote_requested": 1.5, "no_interest": 0.6},
                "delivery": {"order_placed": 1.6, "no_interest": 0.1, "needs_time": 0.5},
                "after_sales": {"follow_up_visit": 1.6, "no_interest": 0.3},
                "relationship": {"needs_time": 1.4, "follow_up_visit": 1.2},
            },
        ),
        ("account_tier", {"a": {"order_placed": 1.6}, "c": {"no_interest": 1.4}}),
    ),
    "call_disposition": (
        (
            "call_reason",
            {
                "complaint": {"escalated": 5, "callback": 1.5, "resolved": 0.6},
                "quote_request": {"callback": 2},
                "other": {"wrong_number": 4},
            },
        ),
    ),
}

# Regional differences, so trends per territory have something to show.
_TERRITORY_WEIGHTS: dict[str, dict[str, dict[str, float]]] = {
    "north": {"purchase_reason": {"safety": 1.35, "seats": 1.4, "entertainment": 0.7}},
    "east": {"purchase_reason": {"looks": 1.5, "entertainment": 2.0, "brand": 1.2}},
}

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


_CITIES: dict[str, tuple[tuple[_City, float], ...]] = {
    "north": (
        (
            _City(
                "北京",
                "Beijing",
                "bj",
                "010",
                8,
                "100",
                (
                    ("朝阳区", "Chaoyang District"),
                    ("海淀区", "Haidian District"),
                    ("东城区", "Dongcheng District"),
                    ("西城区", "Xicheng District"),
                    ("丰台区", "Fengtai District"),
                    ("大兴区", "Daxing District"),
                    ("顺义区", "Shunyi District"),
                ),
            ),
            34,
        ),
        (
            _City(
                "天津",
                "Tianjin",
                "tj",
                "022",
                8,
                "300",
                (
                    ("和平区", "Heping District"),
                    ("河西区", "Hexi District"),
                    ("南开区", "Nankai District"),
                    ("滨海新区", "Binhai New Area"),
                ),
            ),
            22,
        ),
        (
            _City(
                "石家庄",
                "Shijiazhuang",
                "sjz",
                "0311",
                8,
                "050",
                (
                    ("长安区", "Chang'an District"),
                    ("桥西区", "Qiaoxi District"),
                    ("裕华区", "Yuhua District"),
                ),
            ),
            14,
        ),
        (
            _City(
                "太原",
                "Taiyuan",
                "ty",
                "0351",
                7,
                "030",
                (
                    ("小店区", "Xiaodian District"),
                    ("迎泽区", "Yingze District"),
                    ("杏花岭区", "Xinghualing District"),
                ),
            ),
            12,
        ),
        (
            _City(
                "济南",
                "Jinan",
                "jn",
                "0531",
                8,
                "250",
                (
                    ("历下区", "Lixia District"),
                    ("市中区", "Shizhong District"),
                    ("槐荫区", "Huaiyin District"),
                    ("历城区", "Licheng District"),
                ),
            ),
            18,
        ),
    ),
    "east": (
        (
            _City(
                "上海",
                "Shanghai",
                "sh",
                "021",
                8,
                "200",
                (
                    ("浦东新区", "Pudong New Area"),
                    ("徐汇区", "Xuhui District"),
                    ("静安区", "Jing'an District"),
                    ("闵行区", "Minhang District"),
                    ("长宁区", "Changning District"),
                    ("嘉定区", "Jiading District"),
                    ("松江区", "Songjiang District"),
                ),
            ),
            36,
        ),
        (
            _City(
                "杭州",
                "Hangzhou",
                "hz",
                "0571",
                8,
                "310",
                (
                    ("西湖区", "Xihu District"),
                    ("上城区", "Shangcheng District"),
                    ("拱墅区", "Gongshu District"),
                    ("滨江区", "Binjiang District"),
                    ("余杭区", "Yuhang District"),
                ),
            ),
            20,
        ),
        (
            _City(
                "南京",
                "Nanjing",
                "nj",
                "025",
                8,
                "210",
                (
                    ("鼓楼区", "Gulou District"),
                    ("玄武区", "Xuanwu District"),
                    ("建邺区", "Jianye District"),
                    ("江宁区", "Jiangning District"),
                ),
            ),
            17,
        ),
        (
            _City(
                "苏州",
                "Suzhou",
                "sz",
                "0512",
                8,
                "215",
                (
                    ("姑苏区", "Gusu District"),
                    ("工业园区", "Suzhou Industrial Park"),
                    ("吴中区", "Wuzhong District"),
                    ("相城区", "Xiangcheng District"),
                ),
            ),
            15,
        ),
        (
            _City(
                "宁波",
                "Ningbo",
                "nb",
                "0574",
                8,
                "315",
                (
                    ("海曙区", "Haishu District"),
                    ("鄞州区", "Yinzhou District"),
                    ("江北区", "Jiangbei District"),
                    ("北仑区", "Beilun District"),
                ),
            ),
            12,
        ),
    ),
    "south": (
        (
            _City(
                "广州",
                "Guangzhou",
                "gz",
                "020",
                8,
                "510",
                (
                    ("天河区", "Tianhe District"),
                    ("越秀区", "Yuexiu District"),
                    ("海珠区", "Haizhu District"),
                    ("番禺区", "Panyu District"),
                ),
            ),
            34,
        ),
        (
            _City(
                "深圳",
                "Shenzhen",
                "sz",
                "0755",
                8,
                "518",
                (
                    ("南山区", "Nanshan District"),
                    ("福田区", "Futian District"),
                    ("宝安区", "Bao'an District"),
                    ("龙岗区", "Longgang District"),
                ),
            ),
            30,
        ),
        (
            _City(
                "佛山",
                "Foshan",
                "fs",
                "0757",
                8,
                "528",
                (
                    ("禅城区", "Chancheng District"),
                    ("南海区", "Nanhai District"),
                    ("顺德区", "Shunde District"),
                ),
            ),
            16,
        ),
        (
            _City(
                "厦门",
                "Xiamen",
                "xm",
                "0592",
                7,
                "361",
                (
                    ("思明区", "Siming District"),
                    ("湖里区", "Huli District"),
                    ("集美区", "Jimei District"),
                ),
            ),
            20,
        ),
    ),
    "west": (
        (
            _City(
                "成都",
                "Chengdu",
                "cd",
                "028",
                8,
                "610",
                (
                    ("武侯区", "Wuhou District"),
                    ("锦江区", "Jinjiang District"),
                    ("高新区", "Gaoxin District"),
                    ("青羊区", "Qingyang District"),
                ),
            ),
            34,
        ),
        (
            _City(
                "重庆",
                "Chongqing",
                "cq",
                "023",
                8,
                "400",
                (
                    ("渝中区", "Yuzhong District"),
                    ("江北区", "Jiangbei District"),
                    ("九龙坡区", "Jiulongpo District"),
                    ("渝北区", "Yubei District"),
                ),
            ),
            32,
        ),
        (
            _City(
                "西安",
                "Xi'an",
                "xa",
                "029",
                8,
                "710",
                (
                    ("雁塔区", "Yanta District"),
                    ("碑林区", "Beilin District"),
                    ("未央区", "Weiyang District"),
                ),
            ),
            22,
        ),
        (
            _City(
                "昆明",
                "Kunming",
                "km",
                "0871",
                8,
                "650",
                (
                    ("五华区", "Wuhua District"),
                    ("盘龙区", "Panlong District"),
                    ("官渡区", "Guandu District"),
                ),
            ),
            12,
        ),
    ),
}

_ROADS = (
    ("人民路", "Renmin Road"),
    ("解放路", "Jiefang Road"),
    ("中山路", "Zhongshan Road"),
    ("建设路", "Jianshe Road"),
    ("和平路", "Heping Road"),
    ("长江路", "Changjiang Road"),
    ("黄河路", "Huanghe Road"),
    ("新华路", "Xinhua Road"),
    ("文化路", "Wenhua Road"),
    ("工业大道", "Gongye Avenue"),
    ("科技路", "Keji Road"),
    ("东风路", "Dongfeng Road"),
    ("胜利路", "Shengli Road"),
    ("青年路", "Qingnian Road"),
    ("光明路", "Guangming Road"),
    ("花园路", "Huayuan Road"),
    ("创业路", "Chuangye Road"),
    ("滨河路", "Binhe Road"),
    ("金桥路", "Jinqiao Road"),
    ("世纪大道", "Century Avenue"),
    ("迎宾大道", "Yingbin Avenue"),
    ("学院路", "Xueyuan Road"),
    ("高新路", "Gaoxin Road"),
    ("振兴路", "Zhenxing Road"),
)
_BUILDINGS = (
    ("国贸", "China World"),
    ("华润", "China Resources"),
    ("环球", "Global"),
    ("财富", "Fortune"),
    ("金融", "Finance"),
    ("时代", "Times"),
    ("中信", "CITIC"),
    ("万达", "Wanda"),
    ("银河", "Galaxy"),
    ("创新", "Innovation"),
)

# Trade names are two characters, a first one and a second one, with their pinyin, for names
# and e-mail domains: 华信 (huaxin, hx), 恒通 (hengtong, ht) ...
_BRAND_FIRST = (
    ("华", "hua"),
    ("东", "dong"),
    ("鑫", "xin"),
    ("恒", "heng"),
    ("宏", "hong"),
    ("嘉", "jia"),
    ("瑞", "rui"),
    ("中", "zhong"),
    ("博", "bo"),
    ("盛", "sheng"),
    ("金", "jin"),
    ("天", "tian"),
    ("永", "yong"),
    ("汇", "hui"),
    ("安", "an"),
    ("新", "xin"),
    ("远", "yuan"),
    ("凯", "kai"),
    ("德", "de"),
    ("明", "ming"),
    ("海", "hai"),
    ("泰", "tai"),
    ("兴", "xing"),
    ("和", "he"),
    ("锦", "jin"),
    ("正", "zheng"),
    ("广", "guang"),
    ("诚", "cheng"),
    ("立", "li"),
    ("昌", "chang"),
    ("亿", "yi"),
    ("万", "wan"),
    ("润", "run"),
    ("佳", "jia"),
    ("宇", "yu"),
    ("众", "zhong"),
    ("同", "tong"),
    ("启", "qi"),
    ("睿", "rui"),
    ("鼎", "ding"),
    ("九", "jiu"),
    ("长", "chang"),
    ("光", "guang"),
    ("辰", "chen"),
    ("瀚", "han"),
    ("合", "he"),
    ("信", "xin"),
    ("福", "fu"),
    ("祥", "xiang"),
    ("国", "guo"),
)
_BRAND_SECOND = (
    ("信", "xin"),
    ("达", "da"),
    ("源", "yuan"),
    ("通", "tong"),
    ("丰", "feng"),
    ("联", "lian"),
    ("远", "yuan"),
    ("成", "cheng"),
    ("泰", "tai"),
    ("华", "hua"),
    ("航", "hang"),
    ("利", "li"),
    ("润", "run"),
    ("辉", "hui"),
    ("盛", "sheng"),
    ("和", "he"),
    ("业", "ye"),
    ("程", "cheng"),
    ("阳", "yang"),
    ("昌", "chang"),
    ("瑞", "rui"),
    ("嘉", "jia"),
    ("创", "chuang"),
    ("明", "ming"),
    ("越", "yue"),
    ("星", "xing"),
    ("鼎", "ding"),
    ("泽", "ze"),
    ("晨", "chen"),
    ("鹏", "peng"),
    ("峰", "feng"),
    ("科", "ke"),
    ("隆", "long"),
    ("宝", "bao"),
    ("安", "an"),
    ("康", "kang"),
    ("祥", "xiang"),
    ("凯", "kai"),
)
_BRAND_NAMES = tuple(
    (a + b, a_py + b_py, a_py[0] + b_py[0])
    for a, a_py in _BRAND_FIRST
    for b, b_py in _BRAND_SECOND
    if a != b
)
# (Chinese industry word, its initials for domains, an English word for domains)
_INDUSTRIES_ZH = (
    ("科技", "kj", "tech"),
    ("贸易", "my", "trading"),
    ("机电", "jd", "me"),
    ("汽车销售服务", "qcxs", "auto"),
    ("汽车租赁", "qczl", "rental"),
    ("物流", "wl", "logistics"),
    ("实业", "sy", "group"),
    ("电子", "dz", "electronics"),
    ("商贸", "sm", "trade"),
    ("汽车配件", "qp", "parts"),
    ("工程机械", "gcjx", "machinery"),
    ("新能源", "xny", "energy"),
    ("信息技术", "xxjs", "it"),
    ("运输", "ys", "transport"),
    ("客运", "ky", "bus"),
)
_SUFFIX_ZH = _Weighted([("有限公司", 70), ("股份有限公司", 12), ("有限责任公司", 10), ("", 8)])

_WORDS_EN = (
    "Ocean",
    "Nordic",
    "Pacific",
    "Summit",
    "Harbor",
    "Evergreen",
    "Bright",
    "Sino-Euro",
    "Delta",
    "Orient",
    "Crown",
    "Apex",
    "Silverline",
    "Bluestar",
    "Meridian",
    "Lotus",
    "Phoenix",
    "Jade",
    "Unity",
    "Horizon",
    "Northstar",
    "Greenfield",
    "Eastbridge",
    "Redwood",
    "Atlas",
    "Vanguard",
    "Keystone",
    "Clearwater",
    "Highland",
    "Sunrise",
    "Trans-Asia",
    "Sinoway",
    "Everbright",
    "Cathay",
    "Kingsway",
    "Pinnacle",
)
# Two-word trade names: "Golden Bridge", "Blue Harbour" ...
_WORDS_EN_FIRST = (
    "Blue",
    "Golden",
    "Silver",
    "Red",
    "Green",
    "North",
    "East",
    "Grand",
    "Royal",
    "Global",
    "United",
    "First",
    "Prime",
    "Swift",
    "Great",
    "Jade",
    "Star",
    "Sun",
    "Silk",
    "Iron",
)
_WORDS_EN_SECOND = (
    "Harbour",
    "Bridge",
    "River",
    "Lotus",
    "Dragon",
    "Peak",
    "Stone",
    "Field",
    "Gate",
    "Wave",
    "Line",
    "Point",
    "Way",
    "Crest",
    "Bay",
    "Hill",
    "Road",
    "Port",
    "Wall",
    "Lantern",
)
_INDUSTRIES_EN = (
    "Trading",
    "Parts",
    "Motors",
    "Logistics",
    "Technology",
    "Auto Parts",
    "Fleet Services",
    "Machinery",
    "Electronics",
    "Engineering",
    "Car Rental",
    "Industrial",
    "Automotive",
    "Supply Chain",
    "Mobility",
)
_FOREIGN_FORMS = ("GmbH", "AG", "B.V.", "S.A.S.", "Oy", "AB", "S.r.l.", "Pte. Ltd.", "Inc.")
_PARTNER_NAMES = (
    "Li",
    "Wang",
    "Chen",
    "Zhang",
    "Miller",
    "Schmidt",
    "Nguyen",
    "Tanaka",
    "Park",
    "Jensen",
    "Rossi",
    "Dubois",
    "Huang",
    "Lin",
    "Becker",
    "Novak",
)

_SURNAMES = _Weighted(
    [
        (("王", "wang"), 10),
        (("李", "li"), 10),
        (("张", "zhang"), 9),
        (("刘", "liu"), 7),
        (("陈", "chen"), 7),
        (("杨", "yang"), 5),
        (("赵", "zhao"), 4),
        (("黄", "huang"), 4),
        (("周", "zhou"), 4),
        (("吴", "wu"), 4),
        (("徐", "xu"), 3),
        (("孙", "sun"), 3),
        (("胡", "hu"), 2),
        (("朱", "zhu"), 2),
        (("高", "gao"), 2),
        (("林", "lin"), 2),
        (("何", "he"), 2),
        (("郭", "guo"), 2),
        (("马", "ma"), 2),
        (("罗", "luo"), 2),
        (("梁", "liang"), 1),
        (("宋", "song"), 1),
        (("郑", "zheng"), 1),
        (("谢", "xie"), 1),
        (("韩", "han"), 1),
        (("唐", "tang"), 1),
        (("冯", "feng"), 1),
        (("于", "yu"), 1),
        (("董", "dong"), 1),
        (("欧阳", "ouyang"), 0.4),
        (("诸葛", "zhuge"), 0.1),
    ]
)
_GIVEN = (
    ("伟", "wei"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("磊", "lei"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("军", "jun"),
    ("强", "qiang"),
    ("丽", "li"),
    ("芳", "fang"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("建华", "jianhua"),
    ("志强", "zhiqiang"),
    ("晓东", "xiaodong"),
    ("海燕", "haiyan"),
    ("丽娟", "lijuan"),
    ("建国", "jianguo"),
    ("文博", "wenbo"),
    ("子涵", "zihan"),
    ("雨萱", "yuxuan"),
    ("浩然", "haoran"),
    ("思远", "siyuan"),
    ("欣怡", "xinyi"),
    ("俊杰", "junjie"),
    ("晓明", "xiaoming"),
    ("婷婷", "tingting"),
    ("鹏飞", "pengfei"),
    ("春梅", "chunmei"),
    ("志伟", "zhiwei"),
    ("慧敏", "huimin"),
    ("佳琪", "jiaqi"),
    ("国栋", "guodong"),
    ("立新", "lixin"),
    ("红梅", "hongmei"),
)
_NICKNAMES = (
    "Kevin",
    "Grace",
    "Tony",
    "Linda",
    "Jack",
    "Amy",
    "Eric",
    "Cindy",
    "Frank",
    "Helen",
    "Jason",
    "Vivian",
    "Leo",
    "Coco",
    "Sam",
    "Iris",
    "Alex",
    "Judy",
)
_FIRST_EN = (
    "Anna",
    "David",
    "Michael",
    "Sarah",
    "Lukas",
    "Emma",
    "Thomas",
    "Julia",
    "Peter",
    "Laura",
    "Daniel",
    "Sophie",
    "Martin",
    "Olivia",
    "Jonas",
    "Mia",
    "Henrik",
    "Chloé",
    "Marco",
    "Ingrid",
)
_LAST_EN = (
    "Müller",
    "Schmidt",
    "Johnson",
    "Becker",
    "Lindqvist",
    "Andersen",
    "Rossi",
    "Dubois",
    "Smith",
    "Brown",
    "Nguyen",
    "Tanaka",
    "Kim",
    "Fischer",
    "Weber",
    "Hansen",
    "O'Brien",
    "García",
    "Novák",
    "Virtanen",
)
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
_TITLES = (
    ("采购经理", "Purchasing Manager", 18),
    ("总经理", "General Manager", 10),
    ("副总经理", "Deputy General Manager", 6),
    ("销售总监", "Sales Director", 6),
    ("车队主管", "Fleet Manager", 12),
    ("行政经理", "Office Manager", 8),
    ("财务经理", "Finance Manager", 7),
    ("技术负责人", "Technical Lead", 5),
    ("采购专员", "Procurement Specialist", 12),
    ("运营总监", "Operations Director", 5),
    ("董事长", "Chairman", 2),
    ("前台", "Receptionist", 3),
    ("", "", 6),
)
_TITLE = _Weighted([((zh, en), w) for zh, en, w in _TITLES])
_MAIL_FREE_ZH = _Weighted(
    [("qq.com", 40), ("163.com", 30), ("126.com", 15), ("sina.com", 8), ("139.com", 7)]
)
_MAIL_FREE_EN = _Weighted(
    [("gmail.com", 40), ("outlook.com", 35), ("hotmail.com", 15), ("163.com", 10)]
)
_MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)

_ACCOUNT_NOTES = (
    ("年底有批量采购计划。", "Plans a fleet purchase at the end of the year."),
    ("只在上午接待来访。", "Receives visitors in the mornings only."),
    ("付款周期较长，注意账期。", "Slow payer: watch the credit terms."),
    ("老板亲自决策，先约总经理。", "The owner decides; book the general manager first."),
    ("对价格敏感，常与竞品比价。", "Price-sensitive; compares with competitors."),
    ("停车不便，建议地铁前往。", "Parking is hard; take the metro."),
)
_VISIT_NOTES = (
    ("客户关注交货周期。", "Customer cares about delivery time."),
    ("正在对比竞品报价。", "Comparing with a competitor's quote."),
    ("决策人出差，月底再谈。", "Decision maker away until the end of the month."),
    ("对新款车型很感兴趣。", "Very interested in the new model."),
    ("希望合同中加入保养套餐。", "Wants a maintenance package in the contract."),
    ("试驾后反馈很好。", "Good feedback after the test drive."),
)
_CALL_NOTES = (
    ("客户询问发票开具事宜。", "Asked about the invoice."),
    ("物流延迟，已向客户致歉。", "Delivery delayed; apologised to the customer."),
    ("需要技术部门确认参数。", "Needs the technical team to confirm the specs."),
    ("客户要求更换联系人。", "Customer asked for another contact person."),
)
_TASKS = (
    ("寄送样品", "Send samples", "task"),
    ("确认交货日期", "Confirm the delivery date", "call"),
    ("跟进合同签署", "Follow up on the contract", "task"),
    ("安排试驾", "Arrange a test drive", "visit"),
    ("催收货款", "Chase the payment", "call"),
    ("更新联系人信息", "Update contact details", "task"),
    ("准备产品演示", "Prepare the product demo", "task"),
    ("季度回访", "Quarterly check-in visit", "visit"),
    ("电话回访满意度", "Satisfaction call", "call"),
    ("发送年度框架协议", "Send the annual framework agreement", "task"),
    ("上门处理售后问题", "On-site after-sales check", "visit"),
)

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
                    "title": follow_up.title_en if latin else follow_up.title_zh,
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
