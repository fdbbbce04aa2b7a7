#!/usr/bin/python3
"""Seed corpora for the fuzz targets, from the test fixtures and the real checkpoints.

Usage: /usr/bin/python3 make_seeds.py OUTDIR [REAL_CHECKPOINTS_DIR]

Writes OUTDIR/open (whole files, for fuzz_open), OUTDIR/pickle (every pickle found in them, for
fuzz_pickle_vm) and OUTDIR/recipe (recipes, for fuzz_recipe). The fixtures come from
tests/fixtures/make_fixtures.py (torch 1.13, so run this with /usr/bin/python3) and
tests/fixtures/make_payloads.py; nothing here is ever unpickled: pickles are split with pickletools.
"""
import hashlib
import io
import json
import os
import pickletools
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')
MAX_OPEN = 128 * 1024  # bigger files slow every fuzz iteration down; the small ones cover the formats

RECIPES = [
    {'rules': []},
    {'rules': [{'op': 'strip_prefix', 'prefix': 'module.'}]},
    {'rules': [{'op': 'add_prefix', 'prefix': 'model.', 'scope': 'encoder.'}]},
    {'rules': [{'op': 'rename', 'from': 'module.fc', 'to': 'head'}]},
    {'rules': [{'op': 'regex', 'pattern': r'^module\.layer(\d+)\.(?P<i>\d+)', 'replace': r'blocks.\1.\g<i>'}]},
    {'rules': [{'op': 'drop', 'pattern': r'.*num_batches_tracked'}, {'op': 'regex', 'pattern': '\\.', 'replace': '\\\\'}]},
    {'rules': [{'op': 'strip_prefix', 'prefix': 'module.'}, {'op': 'rename', 'from': 'x', 'to': 'a..b'}]},
]


def put(folder, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), 'wb') as f:
        f.write(data)


def pickles_in(data):
    """Every pickle of a legacy multi-pickle stream, split at STOP without running anything."""
    out, stream = [], io.BytesIO(data)
    while stream.tell() < len(data):
        start = stream.tell()
        try:
            for op, _, _ in pickletools.genops(stream):
                pass
        except Exception:
            break
        out.append(data[start:stream.tell()])
        if len(out) == 4:  # magic, protocol, sys_info, main pickle; then raw storages
            break
    return out


def add_file(out, path):
    data = open(path, 'rb').read()
    if 0 < len(data) <= MAX_OPEN:
        put(os.path.join(out, 'open'), data)
    if data[:4] == b'PK\x03\x04':
        try:
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.endswith('.pkl'):
                        put(os.path.join(out, 'pickle'), z.read(name))
        except Exception:
            pass
    elif data[:1] == b'\x80':
        for p in pickles_in(data):
            put(os.path.join(out, 'pickle'), p)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(FIXTURES, 'make_fixtures.py'), tmp], check=True)
        payloads = os.path.join(FIXTURES, 'make_payloads.py')
        if os.path.exists(payloads):
            subprocess.run([sys.executable, payloads, os.path.join(tmp, 'payloads')], check=True)
            subprocess.run([sys.executable, payloads, '--limits', os.path.join(tmp, 'limits'), '--no-bomb'], check=True)
        for root, _, files in os.walk(tmp):
            for name in sorted(files):
                if name.endswith('.expected.json') or name == 'manifest.json':
                    continue
                add_file(out, os.path.join(root, name))
    if len(sys.argv) == 3 and os.path.isdir(sys.argv[2]):
        for name in sorted(os.listdir(sys.argv[2])):
            if not name.endswith('.md'):
                add_file(out, os.path.join(sys.argv[2], name))
    # An index naming the two shards fuzz_open writes beside its input.
    put(os.path.join(out, 'open'), json.dumps({'metadata': {'total_size': 16}, 'weight_map': {
        'a': 'model-00001-of-00002.safetensors', 'b': 'model-00002-of-00002.safetensors'}}).encode())
    for r in RECIPES:
        put(os.path.join(out, 'recipe'), json.dumps(r).encode())
    for kind in ('open', 'pickle', 'recipe'):
        print(f'{kind}: {len(os.listdir(os.path.join(out, kind)))} seeds')


if __name__ == '__main__':
    main()
