"""Drives clients/python/r1gym_client.py against a running server and prints what it saw as one JSON object.

Environment: R1GYM_URL, R1GYM_API_KEY, R1GYM_CLIENT_DIR (the folder holding r1gym_client.py).
"""
import json
import os
import sys

sys.path.insert(0, os.environ["R1GYM_CLIENT_DIR"])
import r1gym_client  # noqa: E402
from r1gym_client import R1GymClient, R1GymError, compute_score, reward_function  # noqa: E402


def answer(seed, index):
    return str(seed + 3 * index)


def completion(text):
    return f"<think>adding</think> <answer>{text}</answer>"


client = R1GymClient()
seen = {"health": client.health()["status"]}
seen["task_ids"] = [t["id"] for t in client.tasks()]
seen["task_kind"] = client.task("test/count-v1")["kind"]
seen["answers"] = [p["answer"] for p in client.problems("test/add-v1", seed=2, start=0, count=3)]

results = client.verify([
    {"id": "a", "task": "test/add-v1", "seed": 2, "index": 1, "completion": completion(answer(2, 1))},
    {"id": "b", "task": "test/add-v1", "answer": "7", "completion": completion("8")},
    {"id": "c", "task": "test/missing-v1", "index": 0, "completion": "x"},
])
seen["verify"] = [[r["id"], r.get("correct"), (r.get("error") or {}).get("code")] for r in results]

trl = reward_function(task="test/add-v1", use="score")
seen["trl_scores"] = trl(
    [completion(answer(0, 0)), [{"role": "assistant", "content": completion(answer(0, 1))}], completion("999")],
    prompts=["p0", "p1", "p2"], index=[0, 1, 2], seed=[0, 0, 0])
seen["trl_rewards_positive"] = all(r > 0 for r in reward_function(task="test/add-v1")([completion("5")], answer=["5"]))

seen["verl_score"] = compute_score("test/add-v1", completion("12"), "12")

run = client.run_code('System.Console.WriteLine("py:" + System.Console.ReadLine());', stdin="hello")
seen["run_code"] = [run["status"], run["run_result"]["stdout"].strip()]

episode = client.start_episode("test/count-v1")
steps = [client.step(episode["episode"], a)["done"] for a in ("1", "2", "3")]
client.end_episode(episode["episode"])
seen["episode_steps"] = steps

reward = client.get_reward(["P:" + completion("4")], ["P:"], ['{"task": "test/add-v1", "answer": "4"}'])
seen["get_reward_scores"] = reward["scores"]

try:
    R1GymClient(api_key="wrong").health()
    seen["wrong_key"] = None
except R1GymError as e:
    seen["wrong_key"] = [e.status, e.code]

try:
    client.problems("test/add-v1", count=0)
    seen["bad_request"] = None
except R1GymError as e:
    seen["bad_request"] = [e.status, e.code, bool(e.request_id)]

seen["stdlib_only"] = all(m.split(".")[0] in sys.stdlib_module_names for m in ("json", "urllib.request", "urllib.error", "urllib.parse", "time", "os")) \
    if hasattr(sys, "stdlib_module_names") else True
seen["client_file"] = os.path.basename(r1gym_client.__file__)
print(json.dumps(seen))
