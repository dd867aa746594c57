"""Regenerate the data files shipped in ``crmlab/data/``.

Usage (from the repository root)::

    python datasets/make_datasets.py                      # synthetic CSVs -> crmlab/data/
    python datasets/make_datasets.py --out some/dir       # write somewhere else
    python datasets/make_datasets.py --cdnow CDNOW_master.txt   # also repack the CDNOW log

The synthetic datasets are drawn from NumPy's ``default_rng`` with a fixed seed, so every run
writes byte-identical files; ``tests/test_datasets.py`` regenerates them into a temporary folder
and fails when the committed copies are stale. ``changhai.csv`` is typed in by hand from the
textbook table and is not written here. See ``datasets/README.md`` for what each dataset models.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

SEED = 20250101
REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "crmlab" / "data"
CDNOW_HEADER = ["customer_id", "date", "number_of_cds", "dollar_value"]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _rng(stream: int) -> np.random.Generator:
    """One independent generator per dataset, so editing one dataset never shifts another."""
    return np.random.default_rng([SEED, stream])


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Write plain UTF-8 CSV with "\\n" line ends; every cell is already a string."""
    lines = [",".join(header)]
    for row in rows:
        for cell in row:
            if any(ch in cell for ch in ',"\n\r'):
                raise ValueError(f"cell needs quoting, refusing to write it: {cell!r}")
        lines.append(",".join(row))
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def _money(x: float, decimals: int = 2) -> str:
    return f"{x:.{decimals}f}"


def _day(year: int, offset: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=int(offset))


def _unique_draws(rng: np.random.Generator, n: int, draw) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        value = draw(rng)
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


# --------------------------------------------------------------------------------------------
# travel company: members and dated orders (lesson 01 lead-in case, 60-day re-tiering)
# --------------------------------------------------------------------------------------------
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红婷丹宇浩凯鹏辉晨欣怡佳雪梦雨思子嘉文"
    "博俊雅琳慧晓志建国海峰云春宏斌亮倩颖瑞轩涵诗婧昊然悦可心彤淑兰荣燕振宁立新晴安"
)
N_MEMBERS = 200
# Double points during these promotions (month, day) .. (month, day), both ends included.
PROMOTIONS = (((6, 1), (6, 18)), ((9, 25), (10, 7)), ((11, 1), (11, 11)))
# (share of orders, median 元, log-sd): train tickets / tours, hotels, flights, holiday packages
TRAVEL_PRODUCTS = (
    (0.55, 120.0, 0.55),
    (0.28, 300.0, 0.50),
    (0.14, 800.0, 0.45),
    (0.03, 2800.0, 0.40),
)
# points earned in 2025 for members placed on purpose at and just below each threshold
EDGE_POINTS = (300, 299, 3000, 2999, 10000, 9999)


def _chinese_name(rng: np.random.Generator) -> str:
    ranks = np.arange(1, len(SURNAMES) + 1)
    weights = 1.0 / ranks**0.9
    surname = SURNAMES[rng.choice(len(SURNAMES), p=weights / weights.sum())]
    n_given = 2 if rng.random() < 0.72 else 1
    given = "".join(GIVEN_CHARS[i] for i in rng.choice(len(GIVEN_CHARS), n_given))
    return surname + given


def _in_promotion(day: dt.date) -> bool:
    return any(dt.date(day.year, *a) <= day <= dt.date(day.year, *b) for a, b in PROMOTIONS)


def _travel_amount(rng: np.random.Generator) -> float:
    shares = np.array([p[0] for p in TRAVEL_PRODUCTS])
    k = rng.choice(len(TRAVEL_PRODUCTS), p=shares / shares.sum())
    _, median, sd = TRAVEL_PRODUCTS[k]
    return max(20.0, round(median * math.exp(sd * rng.standard_normal()), 2))


def _order_day(rng: np.random.Generator, year: int, trend: str) -> dt.date:
    """A day in ``year``; "up" crowds orders late in the year, "down" early."""
    u = rng.random()
    if trend == "up":
        frac = math.sqrt(u)
    elif trend == "down":
        frac = 1.0 - math.sqrt(u)
    else:
        frac = u
    n_days = 366 if year % 4 == 0 else 365
    return _day(year, min(n_days - 1, int(frac * n_days)))


def _orders_for_target(rng, target: int, year: int, trend: str) -> list[tuple[dt.date, float, int]]:
    """Draw orders in ``year`` whose points add up to exactly ``target``.

    Points are 1 per whole 元, doubled during promotions. The last order absorbs the remainder
    and is placed outside the promotions, so its points equal its whole-元 amount.
    """
    orders: list[tuple[dt.date, float, int]] = []
    remaining = int(target)
    while remaining > 0:
        amount = _travel_amount(rng)
        day = _order_day(rng, year, trend)
        points = int(amount) * (2 if _in_promotion(day) else 1)
        if points >= remaining - 30:
            while _in_promotion(day):
                day = _order_day(rng, year, trend)
            cents = int(rng.integers(0, 100))
            amount = remaining + cents / 100
            points = remaining
        orders.append((day, round(amount, 2), points))
        remaining -= points
    return orders


def make_travel(rng: np.random.Generator) -> tuple[list[list[str]], list[list[str]]]:
    n = N_MEMBERS
    names = _unique_draws(rng, n, _chinese_name)

    # points earned in 2025 (the 12 months up to 2025-12-31): most members few, a few very many
    points = np.exp(math.log(600) + 1.7 * rng.standard_normal(n))
    points = np.where(rng.random(n) < 0.08, 0.0, points)  # registered, no order in 2025
    points = np.minimum(points, 60000).round().astype(int)
    good_credit = rng.random(n) >= 0.06

    slots = rng.permutation(n)
    edge = slots[: len(EDGE_POINTS)]
    points[edge] = EDGE_POINTS
    good_credit[edge] = True
    # high-point members with a bad credit record: points alone do not earn the tier
    bad_high = slots[len(EDGE_POINTS) : len(EDGE_POINTS) + 4]
    points[bad_high] = (18500, 10000, 4200, 3000)
    good_credit[bad_high] = False

    trends = rng.choice(["new", "up", "down", "steady"], size=n, p=[0.12, 0.25, 0.23, 0.40])
    members: list[list[str]] = []
    raw_orders: list[tuple[dt.date, int, float, int]] = []
    for i in range(n):
        trend = str(trends[i])
        if trend == "up":
            target_2024 = points[i] * rng.uniform(0.1, 0.5)
        elif trend == "down":
            extra = math.exp(math.log(400) + rng.standard_normal())
            target_2024 = (points[i] + extra) * rng.uniform(1.5, 3.0)
        elif trend == "steady":
            target_2024 = points[i] * rng.uniform(0.7, 1.3)
        else:
            target_2024 = 0.0
        for day, amount, pts in _orders_for_target(rng, round(target_2024), 2024, trend):
            raw_orders.append((day, i, amount, pts))
        for day, amount, pts in _orders_for_target(rng, int(points[i]), 2025, trend):
            raw_orders.append((day, i, amount, pts))
        members.append([f"M{i + 1:04d}", names[i], str(int(points[i])), str(bool(good_credit[i]))])

    raw_orders.sort(key=lambda o: (o[0], o[1]))  # by date, then member (stable otherwise)
    orders = [
        [f"T{k + 1:06d}", f"M{i + 1:04d}", day.isoformat(), _money(amount), str(pts)]
        for k, (day, i, amount, pts) in enumerate(raw_orders)
    ]
    return members, orders


# --------------------------------------------------------------------------------------------
# B2B customers of a logistics firm (lesson 03 indicators, lesson 04 pyramid by profit)
# --------------------------------------------------------------------------------------------
N_B2B = 120
# industry: (weight, name word choices, mean gross margin, service-cost rate, growth bias,
#            prospect bias)
INDUSTRIES = {
    "制造业": (0.22, ("机械", "精工", "重工", "新材料"), 0.16, 0.025, 0.02, 0.0),
    "零售业": (0.13, ("商贸", "百货", "连锁超市"), 0.14, 0.035, -0.03, -0.3),
    "电商": (0.16, ("电子商务", "网络科技", "优品"), 0.11, 0.050, 0.12, 0.6),
    "医药": (0.08, ("医药", "生物科技", "医疗器械"), 0.24, 0.040, 0.07, 0.5),
    "汽车配件": (0.10, ("汽配", "汽车零部件"), 0.17, 0.025, 0.01, 0.0),
    "食品饮料": (0.12, ("食品", "饮品", "乳业"), 0.15, 0.035, 0.03, 0.1),
    "电子电器": (0.11, ("电子", "电器", "智能科技"), 0.15, 0.030, 0.05, 0.3),
    "服装纺织": (0.08, ("服饰", "纺织", "鞋业"), 0.13, 0.035, -0.04, -0.4),
}
REGIONS = (
    "华东",
    "华南",
    "华北",
    "华中",
    "西南",
    "江苏",
    "浙江",
    "安徽",
    "山东",
    "福建",
    "苏州",
    "宁波",
    "无锡",
    "合肥",
    "嘉兴",
    "常州",
    "温州",
    "南通",
)
CORES = (
    "恒通",
    "远达",
    "鑫源",
    "瑞丰",
    "金泰",
    "宏远",
    "博源",
    "汇川",
    "永盛",
    "华益",
    "嘉禾",
    "天顺",
    "德润",
    "润泽",
    "宝丰",
    "益民",
    "联创",
    "启明",
    "信达",
    "隆兴",
    "万禾",
    "新晟",
    "锦程",
    "盛和",
    "广瑞",
    "安捷",
    "中汇",
    "同舟",
    "和泰",
    "卓越",
    "东辰",
    "丰源",
    "凯达",
    "明扬",
    "佳禾",
    "星辉",
    "荣达",
    "正阳",
    "通利",
    "海纳",
)
SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司")


def make_b2b(rng: np.random.Generator) -> list[list[str]]:
    n = N_B2B
    industries = list(INDUSTRIES)
    weights = np.array([INDUSTRIES[k][0] for k in industries])
    ind = rng.choice(len(industries), size=n, p=weights / weights.sum())

    def company(k: int) -> str:
        words = INDUSTRIES[industries[ind[k]]][1]
        return (
            REGIONS[rng.integers(len(REGIONS))]
            + CORES[rng.integers(len(CORES))]
            + words[rng.integers(len(words))]
            + SUFFIXES[rng.integers(len(SUFFIXES))]
        )

    names: list[str] = []
    for k in range(n):
        name = company(k)
        while name in names:
            name = company(k)
        names.append(name)

    # size: annual logistics spend in 2025, skewed (万元)
    z_size = rng.standard_normal(n)
    sales_2025 = np.maximum(3.0, 55.0 * np.exp(1.25 * z_size))
    growth_bias = np.array([INDUSTRIES[industries[k]][4] for k in ind])
    g_2025 = np.clip(0.05 + growth_bias + 0.17 * rng.standard_normal(n), -0.45, 0.9)
    g_2024 = np.clip(0.05 + growth_bias + 0.15 * rng.standard_normal(n), -0.45, 0.9)
    sales_2024 = np.maximum(1.0, sales_2025 / (1 + g_2025))
    sales_2023 = np.maximum(1.0, sales_2024 / (1 + g_2024))
    sales_2025, sales_2024, sales_2023 = (
        np.round(s, 1) for s in (sales_2025, sales_2024, sales_2023)
    )

    months = np.clip(
        np.round(1.5 + 2.6 * np.log(sales_2025 / 4.0) + 1.2 * rng.standard_normal(n)), 1, 12
    ).astype(int)

    margin_mean = np.array([INDUSTRIES[industries[k]][2] for k in ind])
    gross_margin = np.round(np.clip(margin_mean + 0.03 * rng.standard_normal(n), 0.04, 0.35), 3)

    # cost of serving: account handling (fixed) + handling that grows with volume; a few
    # demanding customers (urgent runs, many returns, special packing) cost far more
    cost_rate = np.array([INDUSTRIES[industries[k]][3] for k in ind])
    cost_rate = cost_rate * np.exp(0.35 * rng.standard_normal(n))
    demanding = rng.random(n) < 0.10
    cost_rate = cost_rate + demanding * rng.uniform(0.08, 0.15, n)
    # the fourth-biggest customer costs more to serve than it earns: big is not always profitable
    big_loss = np.argsort(-sales_2025, kind="stable")[3]
    cost_rate[big_loss] = gross_margin[big_loss] + rng.uniform(0.01, 0.03)
    fixed = rng.uniform(0.3, 1.6, n) + 0.05 * months
    service_cost = np.round(fixed + sales_2025 * cost_rate, 1)

    # credit: bigger customers usually score better, with plenty of exceptions
    operating = np.clip(np.round(60 + 8 * z_size + 11 * rng.standard_normal(n)), 15, 98)
    financial = np.clip(
        np.round(58 + 6 * z_size + 0.3 * (operating - 60) + 11 * rng.standard_normal(n)), 15, 98
    )
    overdue = 42 - 0.5 * financial + 7 * rng.standard_normal(n)
    slow_payers = rng.random(n) < 0.08
    overdue = overdue + slow_payers * rng.uniform(20, 50, n)
    overdue = np.clip(np.round(overdue), 0, None).astype(int)

    asset = np.maximum(50.0, sales_2025 * 14.0 * np.exp(0.7 * rng.standard_normal(n)))
    asset = np.round(asset).astype(int)

    prospect_bias = np.array([INDUSTRIES[industries[k]][5] for k in ind])
    latent = (
        3.0
        + 3.0 * (g_2025 - 0.05)
        + prospect_bias
        + (operating - 60) / 30
        + 0.6 * rng.standard_normal(n)
    )
    potential = np.clip(np.round(latent), 1, 5).astype(int)

    rows = []
    for k in range(n):
        rows.append(
            [
                f"C{k + 1:03d}",
                names[k],
                industries[ind[k]],
                _money(sales_2023[k], 1),
                _money(sales_2024[k], 1),
                _money(sales_2025[k], 1),
                str(months[k]),
                _money(gross_margin[k], 3),
                _money(service_cost[k], 1),
                str(int(operating[k])),
                str(int(financial[k])),
                str(overdue[k]),
                str(asset[k]),
                str(potential[k]),
            ]
        )
    return rows


# --------------------------------------------------------------------------------------------
# retail transaction log (lessons 01-02: Pareto shape, repeat customers)
# --------------------------------------------------------------------------------------------
N_RETAIL = 600


def make_retail(rng: np.random.Generator) -> list[list[str]]:
    n = N_RETAIL
    kind = rng.choice(
        ["once", "occasional", "regular", "loyal"], size=n, p=[0.36, 0.34, 0.22, 0.08]
    )
    raw: list[tuple[int, int, float]] = []  # (day of 2025, customer index, amount)
    for i in range(n):
        k = str(kind[i])
        if k == "once":
            n_orders = 1
        elif k == "occasional":
            n_orders = int(rng.integers(2, 10))
        elif k == "regular":
            n_orders = round(10 * math.exp(0.6 * abs(rng.standard_normal()))) + 3
        else:
            n_orders = round(40 * math.exp(0.45 * rng.standard_normal())) + 12
        # typical basket of this customer (元); loyal customers also buy bigger baskets
        basket = {"once": 70.0, "occasional": 85.0, "regular": 120.0, "loyal": 180.0}[k]
        basket *= math.exp(0.5 * rng.standard_normal())
        if k == "once":
            start, end = int(rng.integers(0, 365)), 364
        else:
            existing = rng.random() < (0.8 if k == "loyal" else 0.45)  # bought before 2025
            start = 0 if existing else int(rng.integers(0, 300))
            churned = rng.random() < (0.15 if k == "loyal" else 0.35)
            end = min(364, start + int(rng.integers(40, 220))) if churned else 364
        if k != "once" and start == 0:  # existing customer: no first visit to pin down
            days = [int(d) for d in rng.integers(0, end + 1, n_orders)]
        else:  # new this year: the first visit opens the active period
            days = [start] + [int(d) for d in rng.integers(start, end + 1, n_orders - 1)]
        for d in days:
            amount = max(5.0, basket * math.exp(0.45 * rng.standard_normal()))
            raw.append((d, i, round(amount, 2)))
    order = sorted(range(len(raw)), key=lambda j: (raw[j][0], raw[j][1], j))
    rows = []
    for k, j in enumerate(order):
        d, i, amount = raw[j]
        rows.append([f"S{k + 1:06d}", f"R{i + 1:04d}", _day(2025, d).isoformat(), _money(amount)])
    return rows


# --------------------------------------------------------------------------------------------
# the same shop's orders, one row per item line (lesson 02: orders are not rows)
# --------------------------------------------------------------------------------------------
RETAIL_PRODUCTS = ("蔬果", "肉蛋", "粮油", "乳品", "饮料", "零食", "日用品", "文具")


def make_retail_items(orders: Sequence[Sequence[str]], rng: np.random.Generator) -> list[list[str]]:
    """Split every order of :func:`make_retail` into 1-5 item lines of different product
    groups; the lines of an order add up to the order's amount to the cent."""
    rows = []
    for order_id, customer_id, day, amount in orders:
        n_lines = min(5, 1 + int(rng.poisson(1.2)))
        cents = round(float(amount) * 100)
        free = cents - 50 * n_lines  # every line is at least 0.50 元
        parts = [50 + math.floor(w * free) for w in rng.dirichlet(np.ones(n_lines))]
        parts[0] += cents - sum(parts)
        products = rng.choice(RETAIL_PRODUCTS, size=n_lines, replace=False)
        for product, part in zip(products, parts):
            rows.append([order_id, customer_id, day, str(product), _money(part / 100)])
    return rows


# --------------------------------------------------------------------------------------------
# two firms: unequal vs nearly equal customer values (lesson 02, condition 2)
# --------------------------------------------------------------------------------------------
def make_two_firms(rng: np.random.Generator) -> list[list[str]]:
    rows = []
    jia = 11000.0 * np.exp(1.45 * rng.standard_normal(200))  # very unequal
    yi = 30000.0 * np.exp(0.12 * rng.standard_normal(200))  # nearly alike
    for prefix, firm, values in (("J", "甲公司", jia), ("Y", "乙公司", yi)):
        for k, v in enumerate(values):
            rows.append([firm, f"{prefix}{k + 1:03d}", _money(v)])
    return rows


# --------------------------------------------------------------------------------------------
# CDNOW: repack the public transaction log, unchanged, as a deterministic gzip
# --------------------------------------------------------------------------------------------
def write_cdnow(source: Path, out_dir: Path) -> Path:
    raw = Path(source).read_bytes()
    first = raw.split(b"\n", 1)[0].decode("ascii", "replace").split()
    if first != CDNOW_HEADER:
        raise SystemExit(f"{source}: expected the header {CDNOW_HEADER}, found {first}")
    target = out_dir / "cdnow_master.txt.gz"
    with (
        open(target, "wb") as fh,
        gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=9, mtime=0) as gz,
    ):
        gz.write(raw)
    return target


# --------------------------------------------------------------------------------------------
def write_all(out_dir: Path) -> list[Path]:
    """Write every synthetic CSV into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    members, orders = make_travel(_rng(1))
    path = out_dir / "travel_members.csv"
    _write_csv(path, ["member_id", "name", "points", "good_credit"], members)
    written.append(path)
    path = out_dir / "travel_orders.csv"
    _write_csv(path, ["order_id", "member_id", "date", "amount", "points"], orders)
    written.append(path)

    path = out_dir / "b2b_customers.csv"
    _write_csv(
        path,
        [
            "customer",
            "name",
            "industry",
            "sales_2023",
            "sales_2024",
            "sales_2025",
            "months_active_2025",
            "gross_margin",
            "service_cost_2025",
            "operating_score",
            "financial_score",
            "payment_days_overdue",
            "asset_size",
            "growth_potential",
        ],
        make_b2b(_rng(2)),
    )
    written.append(path)

    retail = make_retail(_rng(3))
    path = out_dir / "retail_tx.csv"
    _write_csv(path, ["order_id", "customer_id", "date", "amount"], retail)
    written.append(path)

    path = out_dir / "retail_items.csv"
    _write_csv(
        path,
        ["order_id", "customer_id", "date", "product", "amount"],
        make_retail_items(retail, _rng(5)),
    )
    written.append(path)

    path = out_dir / "two_firms.csv"
    _write_csv(path, ["firm", "customer_id", "annual_value"], make_two_firms(_rng(4)))
    written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder to write into (default: crmlab/data of this repository)",
    )
    parser.add_argument(
        "--cdnow",
        type=Path,
        default=None,
        help="path to CDNOW_master.txt; repacks it as cdnow_master.txt.gz",
    )
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(f"wrote {path.name} ({path.stat().st_size:,} bytes)")
    if args.cdnow is not None:
        path = write_cdnow(args.cdnow, args.out)
        print(f"wrote {path.name} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
