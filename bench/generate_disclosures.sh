#!/usr/bin/env bash
# Fills a sanxiang SQLite database with N generated, published 事后公开 items for the benchmark
# (bench/run.sh with BENCH_DISCLOSURES=N): rows as DisclosureService::Publish leaves them —
# redacted fields, the canonical content, a revision, the FTS5 trigram index — spread over the
# last three years, 90% units and 10% natural persons (surname + 某某), from a small vocabulary so
# that words repeat as they do in real decisions. Load data only: no ledger leaves, no deadlines.
#
#   bash bench/generate_disclosures.sh DB N
#
# DB must be migrated and hold the demo agency (sanxiang demo --db sqlite:DB). Needs sqlite3.
set -euo pipefail
db=$1
n=$2
[[ $n =~ ^[0-9]+$ ]] && ((n > 0)) || { echo "N 应为正整数" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "未找到 sqlite3(apt install sqlite3)" >&2; exit 2; }

sqlite3 "$db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;
CREATE TEMP TABLE v (k TEXT PRIMARY KEY, words TEXT, width INTEGER);
INSERT INTO v VALUES
  ('city', '郑州开封洛阳新乡许昌焦作平顶安阳鹤壁濮阳', 2),
  ('w1', '恒达金桥华瑞宏远天润博雅瑞丰安康鑫源恒通华夏中原绿城东方云帆盛世嘉和永安利民兴业', 2),
  ('w2', '商贸物流置业机械餐饮教育建材医药汽车物业纺织科技建工食品电子化工印刷广告家具服装', 2),
  ('sfx', '有限公司股份公司分公司', 4),
  ('sur', '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳诸葛司马上官', 1);
CREATE TEMP TABLE g AS
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
SELECT i,
  100000 + i AS id,
  (SELECT id FROM agencies WHERE code = 'zzgjj') AS agency,
  CASE WHEN i % 10 = 0 THEN 'citizen' ELSE 'organisation' END AS target_kind,
  CASE WHEN i % 10 = 0
    THEN substr((SELECT words FROM v WHERE k = 'sur'), 1 + (i * 7) % 20, 1) || '某某'
    ELSE substr((SELECT words FROM v WHERE k = 'city'), 1 + 2 * ((i * 13) % 10), 2)
      || substr((SELECT words FROM v WHERE k = 'w1'), 1 + 2 * ((i * 31) % 20), 2)
      || substr((SELECT words FROM v WHERE k = 'w2'), 1 + 2 * ((i * 17) % 20), 2)
      || substr((SELECT words FROM v WHERE k = 'sfx'), 1 + 4 * ((i * 3) % 3), 4)
  END AS target,
  CASE WHEN i % 7 = 0 THEN 'result' ELSE 'penalty' END AS kind,
  10000 * (1 + (i * 11) % 5) AS fine,
  date('now', '-' || CAST((($n - i) * 1095) / $n AS INTEGER) || ' days') AS published_on
FROM s;
INSERT INTO disclosures (id, agency_id, kind, status, title, document_number, target, target_kind,
  category, conclusion, body, fine, decided_on, pub_seq, published_on, published_at, display_until,
  revision, content, content_digest, version, created_at, updated_at)
SELECT id, agency, kind, 'published',
  CASE kind WHEN 'penalty' THEN '行政处罚决定书 ' ELSE '行政处理决定书 ' END || '郑公积金' ||
    CASE kind WHEN 'penalty' THEN '罚决' ELSE '决' END || '〔' || substr(published_on, 1, 4) || '〕' || i || '号',
  '郑公积金' || CASE kind WHEN 'penalty' THEN '罚决' ELSE '决' END || '〔' || substr(published_on, 1, 4) || '〕' || i || '号',
  target, target_kind, '行政处罚',
  CASE kind WHEN 'penalty'
    THEN '未办理住房公积金缴存登记,逾期不办理。依据《住房公积金管理条例》第三十七条,决定给予罚款人民币' || fine || '元的行政处罚。'
    ELSE '未为 ' || (i % 300 + 1) || ' 名职工设立住房公积金账户,依据《住房公积金管理条例》第三十七条,责令限期办理。' END,
  CASE kind WHEN 'penalty' THEN
    '郑州住房公积金管理中心' || char(10) || '行政处罚决定书' || char(10) || '当事人:' || target ||
    ',法定代表人:王某某,联系电话:［联系电话已隐去］。' || char(10) ||
    '经查,当事人成立 ' || (i % 9 + 1) || ' 年,未为 ' || (i % 300 + 1) || ' 名职工办理住房公积金缴存登记,经责令限期办理,逾期仍未办理。' ||
    '以上事实有职工花名册、责令限期办理通知书及送达回证、询问笔录等证据证实。' || char(10) ||
    '依据《住房公积金管理条例》第三十七条,本机关决定对当事人处以罚款人民币 ' || fine || ' 元。' || char(10) ||
    '当事人如不服本决定,可以在收到本决定书之日起六十日内申请行政复议,或者在六个月内依法提起行政诉讼。'
  ELSE '' END,
  CASE kind WHEN 'penalty' THEN fine END,
  date(published_on, '-3 days'), id, published_on, published_on || 'T02:00:00.000Z',
  date(published_on, CASE WHEN fine < 50000 THEN '+3 years' ELSE '+3 years' END),
  1, NULL, NULL, 2, published_on || 'T02:00:00.000Z', published_on || 'T02:00:00.000Z'
FROM g;
UPDATE disclosures SET content = json_object('v', 1, 'id', id, 'agencyId', agency_id,
    'agency', '郑州住房公积金管理中心', 'kind', kind, 'title', title, 'documentNumber', document_number,
    'target', target, 'category', category, 'conclusion', conclusion, 'body', body,
    'decidedOn', decided_on, 'publishedOn', published_on, 'revision', revision),
  content_digest = 'sha256:' || lower(hex(randomblob(32)))
WHERE id > 100000;
INSERT INTO disclosure_revisions (disclosure_id, revision, kind, at, reason, fields, digest)
SELECT id, 1, 'published', published_at, '', '[]', content_digest FROM disclosures WHERE id > 100000;
COMMIT;
SQL

# The search index, with the pairs of adjacent characters of the short fields as
# DisclosureService indexes them (two-character words), computed here: SQL's substr is too slow.
python3 - "$db" <<'PY'
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('PRAGMA synchronous = OFF')
db.execute('BEGIN')
END = '\u241f'


def pairs(*fields):
    out = []
    for f in fields:
        out += [f[i:i + 2] + END for i in range(len(f) - 1)
                if not (f[i].isspace() or f[i + 1].isspace())]
    return ''.join(out)


rows = db.execute(
    "SELECT pub_seq, title, document_number, target, category, conclusion, body, agency_id, kind,"
    " published_on FROM disclosures WHERE id > 100000 ORDER BY pub_seq")
batch = []


def flush():
    db.executemany(
        'INSERT INTO disclosure_search (rowid, text, pairs, agency_id, kind, category,'
        ' published_on, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', batch)
    batch.clear()


for seq, title, number, target, category, conclusion, body, agency, kind, on in rows:
    text = '\n'.join([title, number, target, category, conclusion, body, '郑州住房公积金管理中心'])
    batch.append((seq, text, pairs(title, number, target, category, conclusion), agency, kind,
                  category, on, target))
    if len(batch) == 10000:
        flush()
flush()
db.execute('COMMIT')
db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
PY
