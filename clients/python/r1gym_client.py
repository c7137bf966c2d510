"""Client for `r1gym serve`: R1Gym's tasks, verifiers, C# sandbox and environments over HTTP.

Standard library only (Python 3.8+): copy this one file next to your trainer.

    from r1gym_client import R1GymClient
    client = R1GymClient("http://127.0.0.1:8080")          # api_key=... or R1GYM_API_KEY
    problems = client.problems("math/addition-v1", seed=0, start=0, count=4)
    results = client.verify([{"id": "a", "task": "math/addition-v1", "index": 0, "completion": "..."}])

`reward_function(...)` builds a TRL-style reward function; `compute_score(...)` is verl's custom reward signature.
"""

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["R1GymClient", "R1GymError", "reward_function", "compute_score"]

RETRIED_STATUSES = (429, 503, 504)


class R1GymError(Exception):
    """An error answer from the server: HTTP status, the error code and the server's message."""

    def __init__(self, status, code, message, request_id=None):
        super().__init__(f"HTTP {status} {code}: {message}" + (f" (request {request_id})" if request_id else ""))
        self.status, self.code, self.message, self.request_id = status, code, message, request_id


class R1GymClient:
    """One server. Overload answers (429, 503, 504) are retried after their Retry-After, up to `retries` times."""

    def __init__(self, base_url=None, api_key=None, timeout=120.0, retries=5):
        self.base_url = (base_url or os.environ.get("R1GYM_URL") or "http://127.0.0.1:8080").rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("R1GYM_API_KEY")
        self.timeout, self.retries = timeout, retries

    # --- native API -------------------------------------------------------------------------------------------
    def health(self):
        return self._call("GET", "/v1/health")

    def tasks(self):
        return self._call("GET", "/v1/tasks")["tasks"]

    def task(self, task_id):
        return self._call("GET", "/v1/tasks/" + task_id)

    def problems(self, task_id, seed=0, start=0, count=1, options=None):
        body = {"seed": seed, "start": start, "count": count, "options": options}
        return self._call("POST", f"/v1/tasks/{task_id}/problems", body)["problems"]

    def verify(self, items):
        """items: dicts with id, task, completion and either index (+ seed) or answer. One result per item, same order."""
        return self._call("POST", "/v1/verify", {"items": list(items)})["results"]

    def sandbox_run(self, code, tests):
        return self._call("POST", "/v1/sandbox/run", {"code": code, "tests": tests})

    def start_episode(self, env_id, seed=0, index=0, options=None):
        return self._call("POST", f"/v1/envs/{env_id}/episodes", {"seed": seed, "index": index, "options": options})

    def step(self, episode, action):
        return self._call("POST", f"/v1/episodes/{episode}/step", {"action": action})

    def end_episode(self, episode):
        self._call("DELETE", f"/v1/episodes/{episode}")

    # --- drop-in endpoints -------------------------------------------------------------------------------------
    def run_code(self, code, stdin="", run_timeout=10):
        """SandboxFusion's run_code for C#: status, compile_result, run_result."""
        body = {"code": code, "language": "csharp", "stdin": stdin, "compile_timeout": 10, "run_timeout": run_timeout,
                "memory_limit_MB": -1, "files": {}, "fetch_files": []}
        return self._call("POST", "/run_code", body)

    def get_reward(self, queries, prompts, labels):
        """OpenRLHF's remote reward request."""
        return self._call("POST", "/get_reward", {"query": queries, "prompts": prompts, "labels": labels})

    # --- transport ---------------------------------------------------------------------------------------------
    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = "Bearer " + self.api_key
        url = self.base_url + urllib.parse.quote(path, safe="/-_.~")
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    text = response.read().decode("utf-8")
                    return json.loads(text) if text else None
            except urllib.error.HTTPError as e:
                text = e.read().decode("utf-8", "replace")
                if e.code in RETRIED_STATUSES and attempt < self.retries:
                    time.sleep(_retry_after(e.headers.get("Retry-After"), attempt))
                    continue
                try:
                    payload = json.loads(text)
                except ValueError:
                    payload = {}
                error = payload.get("error") or {}
                raise R1GymError(e.code, error.get("code", "http_error"), error.get("message", text[:500]),
                                 payload.get("request_id")) from None
        raise AssertionError("unreachable")


def _retry_after(header, attempt):
    try:
        return max(0.0, float(header))
    except (TypeError, ValueError):
        return min(30.0, 0.5 * 2 ** attempt)


def _text(completion):
    """TRL passes plain strings, or conversations: a list of {"role", "content"} messages (the last one is the answer)."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion and isinstance(completion[-1], dict):
        return str(completion[-1].get("content", ""))
    return str(completion)


def reward_function(task=None, base_url=None, api_key=None, use="reward"):
    """A TRL-style reward function: reward(completions, **columns) -> list of floats.

    Each sample's problem comes from the dataset's columns, which TRL passes as keyword lists: `task` (or the `task`
    argument here), and `index` (+ optional `seed`) or `answer`. `use="reward"` returns the composed reward (accuracy
    plus format, language and length shaping as the server is configured); `use="score"` the verifier's score only.
    A sample the server cannot verify scores 0.0.
    """
    client = R1GymClient(base_url, api_key)

    def r1gym_reward(completions, **kwargs):
        items = []
        for i, completion in enumerate(completions):
            item = {"id": i, "task": _column(kwargs, "task", i, task), "completion": _text(completion)}
            for key in ("seed", "index", "answer", "options"):
                value = _column(kwargs, key, i, None)
                if value is not None:
                    item[key] = value
            items.append(item)
        results = client.verify(items)
        key = "reward" if use == "reward" else None
        out = []
        for r in results:
            if r.get("error"):
                out.append(0.0)
            else:
                out.append(float(r[key]) if key else float(r["verdict"]["score"]))
        return out

    r1gym_reward.__name__ = "r1gym_" + use
    return r1gym_reward


def _column(kwargs, key, i, default):
    values = kwargs.get(key)
    if values is None:
        return default
    return values[i] if isinstance(values, (list, tuple)) else values


_verl_client = None


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **_):
    """verl's custom reward function: the task is `data_source`, the reference answer `ground_truth`, or
    `extra_info["index"]` (+ "seed") names a generated problem. The server is R1GYM_URL (default 127.0.0.1:8080)."""
    global _verl_client
    if _verl_client is None:
        _verl_client = R1GymClient()
    item = {"id": 0, "task": data_source, "completion": solution_str}
    extra_info = extra_info or {}
    if "index" in extra_info and ground_truth in (None, ""):
        item["index"], item["seed"] = int(extra_info["index"]), int(extra_info.get("seed", 0))
    else:
        item["answer"] = str(ground_truth)
    result = _verl_client.verify([item])[0]
    return 0.0 if result.get("error") else float(result["reward"])
