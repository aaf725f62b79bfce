#!/usr/bin/env python3
"""The loop a user would write by hand instead of Kluster: the reference of issue 16.

A confluent-kafka consumer reads JSON records ({"id", "features": [...]}) in batches of 256, a
PyTorch MLP of Kluster's default widths (784-500-500-2000-10, random weights: speed only) embeds
them on one thread, Student's t assigns them to 10 centroids, and one JSON record per input goes to
the output topic. At-least-once, no state, no dead letters. It runs until it is stopped, like Kluster,
so that bench/separate-broker.sh can read its CPU once the last output is in. Needs python3-torch and
python3-confluent-kafka (Debian).

    hand-loop.py --bootstrap-servers HOST:PORT --input-topic IN --output-topic OUT
"""
import argparse
import json

import torch
from confluent_kafka import Consumer, Producer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--input-topic", required=True)
    parser.add_argument("--output-topic", required=True)
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(42)
    widths = [784, 500, 500, 2000, 10]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    encoder = torch.nn.Sequential(*layers).eval()
    centroids = torch.randn(10, widths[-1])

    consumer = Consumer({"bootstrap.servers": args.bootstrap_servers, "group.id": "hand-loop",
                         "auto.offset.reset": "earliest", "enable.auto.commit": True})
    producer = Producer({"bootstrap.servers": args.bootstrap_servers, "linger.ms": 5})
    consumer.subscribe([args.input_topic])
    with torch.no_grad():
        while True:
            messages = consumer.consume(num_messages=args.batch, timeout=1.0)
            events = [json.loads(m.value()) for m in messages if m.error() is None]
            if not events:
                continue
            x = torch.tensor([e["features"] for e in events], dtype=torch.float32)
            z = encoder(x)
            q = 1.0 / (1.0 + torch.cdist(z, centroids) ** 2)
            q = q / q.sum(dim=1, keepdim=True)
            confidence, cluster = q.max(dim=1)
            for e, c, p in zip(events, cluster.tolist(), confidence.tolist()):
                producer.produce(args.output_topic, key=e["id"],
                                 value=json.dumps({"id": e["id"], "cluster": c, "confidence": p}))
            producer.poll(0)


if __name__ == "__main__":
    main()
