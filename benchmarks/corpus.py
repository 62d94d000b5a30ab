"""A deterministic synthetic corpus for benchmarks: news clippings like the
shipped ones (Chinese headlines over English text, datelines, digests, the
same story from several outlets, known and unknown people, figures)."""

from __future__ import annotations

import random
from pathlib import Path

OUTLETS = ["Xin Hua She", "Xin Hua Wang", "Nan Fang Du Shi Bao", "China Daily", "Caixin", "Yicai"]
KNOWN_PEOPLE = ["Dr. Li Yunfeng", "Ms. Du Huiqin", "Dr. Yu Jiangyong", "Dr. He Ruyi", "Professor Yang Jin",
                "Dr. Zhao Xiaobin", "Mr. Giuseppe Accogli", "Dr. Liu Yi"]
UNKNOWN_PEOPLE = ["Dr. Chen Ming", "Ms. Zhou Lan", "Dr. Sun Hao", "Mr. Wang Tao", "Professor Lin Qiang"]
ORGS = ["National Medical Products Administration (NMPA)", "Center for Drug Evaluation", "World Health Organization",
        "Fosun Pharma", "China Pharmaceutical University", "United States Pharmacopeia", "CCCMHPIE"]
ZH_HEADLINES = ["药监局发布创新药审评新规", "国家药监局推进临床试验改革", "医疗器械注册管理新举措出台",
                "化妆品监管体系进一步完善", "中医药传承创新发展取得新进展", "粤港澳大湾区药械通政策落地"]
TOPICS = ["innovative drugs", "medical devices", "clinical trials", "cosmetics", "rare diseases",
          "traditional Chinese medicine", "WHO prequalification", "review and approval reform"]
_SYLLABLES = ["ra", "me", "do", "li", "ka", "su", "ten", "vor", "pi", "lan", "ge", "mo", "rik", "ta", "bel", "no"]
_RNG = random.Random(1)
# A few thousand made-up words, so unrelated articles share little text (as real ones do).
WORDS = sorted({"".join(_RNG.choice(_SYLLABLES) for _ in range(_RNG.randint(2, 4))) for _ in range(4000)})


def _sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, 9)
    kind = rng.random()
    if kind < 0.25:
        return (f"{rng.choice(KNOWN_PEOPLE + UNKNOWN_PEOPLE)}, Deputy Director General of the "
                f"{rng.choice(ORGS)}, said the {words[0]} {words[1]} would improve {rng.choice(TOPICS)}.")
    if kind < 0.5:
        return (f"The {rng.choice(ORGS)} approved {rng.randint(5, 400)} {rng.choice(['innovative drugs', 'medical devices'])} "
                f"in {rng.randint(2019, 2025)}, and the pass rate rose to {rng.randint(90, 99)}.{rng.randint(0, 9)}%.")
    return " ".join([words[0].capitalize()] + words[1:]) + f" on {rng.choice(TOPICS)}."


def _body(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(" ".join(_sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(paragraphs))


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` source files in ``folder`` (about 3 KB each): plain clippings,
    digests of three items, and re-reports of earlier stories."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    stories: list[str] = []
    for n in range(count):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = f"2025-{month:02d}-{day:02d}"
        kind = rng.random()
        if kind < 0.15:
            items = []
            for _ in range(3):
                items.append(f"{rng.choice(ZH_HEADLINES)}\n{rng.choice(OUTLETS)}· {date} {rng.randint(0, 23):02d}:"
                             f"{rng.randint(0, 59):02d}\nCore Viewpoint - {_sentence(rng)} [1] Group 1 - "
                             f"{_sentence(rng)} [1] - {_sentence(rng)} [2]")
            text = "Search documents\n" + "\n".join(items) + "\n"
        elif kind < 0.3 and stories:
            text = rng.choice(stories)  # the same story from another outlet, lightly edited
            text = text.replace("Source: ", "Source: Reposted from ").replace("2025-", "2025-", 1)
            text += "\n" + _sentence(rng) + "\n"
        else:
            title = rng.choice(ZH_HEADLINES) if rng.random() < 0.4 else " ".join(rng.sample(WORDS, 7)).capitalize()
            text = f"{title}\n{date} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}\n\n{_body(rng, 4)}\n\n" \
                   f"Source: {rng.choice(OUTLETS)}\n"
            stories.append(text)
        path = folder / f"bench-{n:05d}.txt"
        path.write_text(text, "utf-8")
        written.append(path)
    return written
