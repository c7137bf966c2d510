#!/usr/bin/env python3
"""Agreement of `r1gym grade` with Math-Verify's own test cases (huggingface/Math-Verify, MIT; not copied here).

  cases.py make <Math-Verify checkout>/tests/test_all.py ... > cases.jsonl   # one grade line per (gold, pred, expected) case
  r1gym grade cases.jsonl --out graded.jsonl
  cases.py agree cases.jsonl graded.jsonl                                    # agreement overall and by test

A case is a parametrize row whose first three values are gold, prediction and 0/1. The prediction is graded as the
completion, the gold as the answer, so R1Gym's answer extraction and checker are measured end to end.
"""
import ast
import collections
import json
import sys


def rows(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if not (isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "parametrize"):
                continue
            try:
                values = ast.literal_eval(decorator.args[1])
            except (ValueError, IndexError, SyntaxError):
                continue
            for n, row in enumerate(values):
                if isinstance(row, tuple) and len(row) >= 3 and isinstance(row[0], str) and isinstance(row[1], str) \
                        and row[2] in (0, 1, True, False):
                    yield f"{path.split('/')[-1]}:{node.name}:{n}", row[0], row[1], int(row[2])


def make(paths):
    for path in paths:
        for case, gold, pred, expected in rows(path):
            print(json.dumps({"id": case, "completion": pred, "answer": gold, "expected": expected}))


def agree(cases_path, graded_path):
    expected = {c["id"]: c["expected"] for c in map(json.loads, open(cases_path, encoding="utf-8"))}
    by_test = collections.defaultdict(lambda: [0, 0])
    confusion = collections.Counter()
    for result in map(json.loads, open(graded_path, encoding="utf-8")):
        want = expected[result["id"]]
        got = int(result["correct"])
        test = result["id"].rsplit(":", 1)[0]
        by_test[test][0] += want == got
        by_test[test][1] += 1
        confusion[(want, got)] += 1
    total = sum(n for _, n in by_test.values())
    same = sum(a for a, _ in by_test.values())
    print(f"agreement {same}/{total} = {100 * same / total:.1f}%")
    print(f"Math-Verify equal:     R1Gym equal {confusion[(1, 1)]}, different {confusion[(1, 0)]}")
    print(f"Math-Verify different: R1Gym equal {confusion[(0, 1)]}, different {confusion[(0, 0)]}")
    for test, (a, n) in sorted(by_test.items()):
        print(f"  {a:4}/{n:<4} {test}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2:])
    else:
        agree(sys.argv[2], sys.argv[3])
