"""Writes a synthetic stream of shop orders as named-field events, for Kluster's fields format.

Each order comes from one of four customer segments (the "label" field, ground truth for scoring
only). The segments differ in several fields at once, none of which separates them alone:
amounts on very different scales with heavy tails, item counts, categories (country, channel,
payment), flags, a free-text note, and missing values (latency, note, discount).

    python3 examples/make_orders.py examples/orders.jsonl            # 2,000 events, seed 1
    python3 examples/make_orders.py orders.csv --n 6000 --seed 2     # CSV, another draw

Only the standard library is used, and every draw comes from the seed.
"""
import argparse
import csv
import json
import math
import random

COUNTRIES = ["DE", "FR", "NL", "AT", "IT", "ES", "PL", "SE", "BE", "CH", "DK", "PT", "CZ", "IE", "FI", "NO"]

SEGMENTS = {
    "bargain": dict(amount=(3.0, 0.5), items=(2, 4), countries=[5, 3, 2, 1, 1, 3, 4, 1, 1, 1, 1, 2, 2, 1, 1, 1],
                    channel={"web": 6, "app": 3, "store": 1}, payment={"voucher": 5, "card": 3, "paypal": 4},
                    first_order=0.2, gift_wrap=0.05, discount=(0.9, 0.15, 0.35),
                    words=["coupon", "discount", "code", "cheapest", "sale", "voucher", "cheap", "deal"]),
    "business": dict(amount=(6.6, 0.7), items=(10, 40), countries=[8, 2, 3, 3, 1, 1, 1, 2, 2, 4, 1, 1, 1, 1, 1, 1],
                     channel={"web": 6, "phone": 4}, payment={"invoice": 8, "card": 2},
                     first_order=0.1, gift_wrap=0.0, discount=(0.3, 0.05, 0.1),
                     words=["invoice", "po", "number", "department", "vat", "delivery", "dock", "order", "purchase"]),
    "gift": dict(amount=(4.4, 0.4), items=(1, 3), countries=[3, 3, 3, 2, 3, 3, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1],
                 channel={"web": 5, "app": 3, "store": 2}, payment={"card": 5, "paypal": 5},
                 first_order=0.4, gift_wrap=0.85, discount=(0.2, 0.1, 0.2),
                 words=["gift", "wrap", "please", "birthday", "card", "love", "christmas", "surprise", "ribbon"]),
    "mobile": dict(amount=(3.6, 0.6), items=(1, 5), countries=[2, 2, 2, 1, 2, 2, 5, 3, 1, 1, 3, 2, 3, 2, 3, 3],
                   channel={"app": 9, "web": 1}, payment={"paypal": 6, "card": 4},
                   first_order=0.75, gift_wrap=0.1, discount=(0.5, 0.1, 0.25),
                   words=["fast", "asap", "thanks", "leave", "door", "neighbour", "app", "quick"]),
}
FILLER = ["the", "and", "to", "my", "with", "for", "if", "at", "on", "not", "ok"]


def pick(rng, weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def order(rng, number, segment):
    s = SEGMENTS[segment]
    amount = round(math.exp(rng.gauss(*s["amount"])), 2)
    event = {"id": f"o-{number}", "amount": amount, "items": rng.randint(*s["items"])}
    event["country"] = rng.choices(COUNTRIES, s["countries"])[0]
    event["channel"] = pick(rng, s["channel"])
    event["payment"] = pick(rng, s["payment"])
    event["first_order"] = rng.random() < s["first_order"]
    event["gift_wrap"] = rng.random() < s["gift_wrap"]
    share, low, high = s["discount"]
    event["discount"] = round(rng.uniform(low, high), 2) if rng.random() < share else None
    event["latency_ms"] = None if rng.random() < 0.12 else round(rng.lognormvariate(5.5, 0.6))
    if rng.random() < 0.7:
        words = rng.sample(s["words"], rng.randint(2, 4)) + rng.sample(FILLER, rng.randint(0, 3))
        rng.shuffle(words)
        event["note"] = " ".join(words)
    else:
        event["note"] = None
    event["label"] = segment
    return event


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="output file, .jsonl or .csv")
    parser.add_argument("--n", type=int, default=2000, help="number of events (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    segments = list(SEGMENTS)
    events = [order(rng, i + 1, rng.choices(segments, [4, 2, 3, 3])[0]) for i in range(args.n)]
    if args.out.endswith(".csv"):
        with open(args.out, "w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(events[0]))
            writer.writeheader()
            for e in events:
                writer.writerow({k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
                                 for k, v in e.items()})
    else:
        with open(args.out, "w") as out:
            for e in events:
                out.write(json.dumps(e, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
