#!/usr/bin/env python3
"""Builds `r1gym grade` inputs from MATH-500 (tasks/math/math500.jsonl, MIT, evaluation only).

golds.jsonl      each problem's own gold answer boxed in an R1-format completion, graded against the gold (must be 100%)
golds-task.jsonl the same completions as {task, index} lines, graded by the math/math500-v1 verifier (must be 100%)
perturbed.jsonl  golds with one number changed (the last, and the first when it is another one): each is a different
                 value, so none may be accepted (must be 0%)

usage: make_inputs.py <math500.jsonl> <out-dir>
"""
import json
import re
import sys

NUMBER = re.compile(r"\d+")


def completion(answer):
    return f"<think>\nworking\n</think>\nThe answer is $\\boxed{{{answer}}}$."


def bump(text, match):
    """The text with the integer at `match` increased by one (9 -> 10, 0 -> 1): a different value."""
    return text[: match.start()] + str(int(match.group()) + 1) + text[match.end():]


def perturbations(gold):
    numbers = list(NUMBER.finditer(gold))
    if not numbers:
        return []
    result = [("last+1", bump(gold, numbers[-1]))]
    if len(numbers) > 1:
        result.append(("first+1", bump(gold, numbers[0])))
    return result


def main(source, out):
    rows = [json.loads(line) for line in open(source, encoding="utf-8") if line.strip()]
    with open(f"{out}/golds.jsonl", "w", encoding="utf-8") as golds, \
            open(f"{out}/golds-task.jsonl", "w", encoding="utf-8") as tasks, \
            open(f"{out}/perturbed.jsonl", "w", encoding="utf-8") as perturbed:
        count = 0
        for index, row in enumerate(rows):
            gold = row["answer"]
            golds.write(json.dumps({"id": row["unique_id"], "completion": completion(gold), "answer": gold}) + "\n")
            tasks.write(json.dumps({"id": row["unique_id"], "completion": completion(gold), "task": "math/math500-v1", "index": index}) + "\n")
            for kind, wrong in perturbations(gold):
                perturbed.write(json.dumps({"id": f"{row['unique_id']}#{kind}", "completion": completion(wrong), "answer": gold}) + "\n")
                count += 1
    print(f"{len(rows)} golds, {count} perturbed answers written to {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
