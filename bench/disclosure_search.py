#!/usr/bin/env python3
"""Public disclosure search latency against a running sanxiang (bench/run.sh, BENCH_DISCLOSURES).

One keep-alive client sends a mix of queries a visitor would make on the portal, each class
ROUNDS times with varied words from the generated vocabulary (bench/generate_disclosures.sh),
and reports per class and over all of them the median, p90, p99 and max in milliseconds, as a
Markdown table on stdout. Exit status 1 when a response is not 200.

    disclosure_search.py BASE_URL [ROUNDS]
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

base = urllib.parse.urlsplit(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200

cities = ['郑州', '开封', '洛阳', '新乡', '许昌', '焦作', '平顶', '安阳', '鹤壁', '濮阳']
w1 = ['恒达', '金桥', '华瑞', '宏远', '天润', '博雅', '瑞丰', '安康', '鑫源', '恒通', '华夏', '中原', '绿城',
      '东方', '云帆', '盛世', '嘉和', '永安', '利民', '兴业']
w2 = ['商贸', '物流', '置业', '机械', '餐饮', '教育', '建材', '医药', '汽车', '物业', '纺织', '科技', '建工',
      '食品', '电子', '化工', '印刷', '广告', '家具', '服装']

conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)


def get(path):
    t0 = time.perf_counter()
    conn.request('GET', path)
    r = conn.getresponse()
    body = r.read()
    ms = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        print(f'bench: {path} → {r.status} {body[:200]!r}', file=sys.stderr)
        sys.exit(1)
    return ms, body


def q(**params):
    query = urllib.parse.urlencode(params)
    return '/api/v1/public/disclosures' + ('?' + query if query else '')


def classes(i):
    city, a, b = cities[i % 10], w1[(i * 7) % 20], w2[(i * 3) % 20]
    year = 2024 + i % 3
    return [
        ('browse: first page', q()),
        ('unit name (3+ chars)', q(q=f'{city}{a}{b}')),
        ('two words (unit + outcome)', q(q=f'{a}{b} 罚款人民币')),
        ('文号 (exactly one)', q(q=f'郑公积金罚决〔{year}〕{1000 + i * 37}号')),
        ('common phrase (most items)', q(q='住房公积金缴存登记')),
        ('no match (3+ chars)', q(q=f'火星{a}公司')),
        ('filter: kind + date range', q(kind='result', **{'from': f'{year}-03-01', 'to': f'{year}-03-31'})),
        ('filter: target', q(target=f'{a}{b}')),
        ('two-character word', q(q=b)),
    ]


def run():
    results = {}
    # Paging: follow `next` five pages deep, each page timed.
    paging = []
    for i in range(rounds):
        for name, path in classes(i):
            ms, _ = get(path)
            results.setdefault(name, []).append(ms)
        if i % 10 == 0:
            path = q(limit=20)
            for _ in range(5):
                ms, body = get(path)
                paging.append(ms)
                nxt = json.loads(body).get('next')
                if not nxt:
                    break
                path = q(limit=20, page=nxt)
    results['keyset paging (pages 1–5)'] = paging
    return results


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


get(q())  # warm the connection
results = run()
print('| query | n | median (ms) | p90 (ms) | p99 (ms) | max (ms) |')
print('|---|---:|---:|---:|---:|---:|')
all_main = []
for name, values in results.items():
    all_main += values
    print(f'| {name} | {len(values)} | {statistics.median(values):.2f} | {pct(values, 90):.2f} | '
          f'{pct(values, 99):.2f} | {max(values):.2f} |')
print(f'| **all queries** | {len(all_main)} | {statistics.median(all_main):.2f} | '
      f'{pct(all_main, 90):.2f} | **{pct(all_main, 99):.2f}** | {max(all_main):.2f} |')
