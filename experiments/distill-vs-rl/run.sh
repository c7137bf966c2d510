#!/usr/bin/env bash
# Distillation versus RL for a small student (issue 7's experiment, DeepSeek-R1 §4.1 at toy scale), through the CLI:
#   teacher   r1gym pipeline r1       (cold-start SFT -> reasoning RL -> rejection sampling -> SFT -> final RL)
#   student   r1gym pipeline student  (from scratch, the teacher's tokenizer) + r1gym train sft (short cold start)
#   arm (a)   r1gym train grpo        (GRPO alone, ArmSeconds of training)
#   arm (b)   r1gym sample + r1gym distill --mode sequence (SFT on the teacher's verified traces, ArmSeconds of training)
#   eval      r1gym eval              (the same held-out problems for every model)
# Usage: experiments/distill-vs-rl/run.sh [--device cuda|cpu] [--scale smoke|full] [--out DIR]
# Env:   R1GYM (the r1gym command; default: dotnet run --project <repo>/src/R1Gym.Cli -c Release --), ARM_SECONDS and
#        ARM_SEGMENTS (override experiment.json). Rerunning with the same --out skips finished steps. See README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEVICE=cpu
SCALE=smoke
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) DEVICE="${2:?--device needs cpu or cuda}"; shift 2 ;;
    --scale) SCALE="${2:?--scale needs smoke or full}"; shift 2 ;;
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "error: unknown argument '$1' (expected --device cpu|cuda, --scale smoke|full, --out DIR)" >&2; exit 2 ;;
  esac
done
[[ "$DEVICE" == cpu || "$DEVICE" == cuda ]] || { echo "error: --device must be cpu or cuda, found '$DEVICE'" >&2; exit 2; }
CONF="$HERE/$SCALE"
[[ -f "$CONF/teacher.json" ]] || { echo "error: --scale must be smoke or full (no $CONF/teacher.json)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 is needed to read the configs and write the summary" >&2; exit 2; }

read -r -a R1 <<< "${R1GYM:-dotnet run --project $HERE/../../src/R1Gym.Cli -c Release --}"
RUN="${OUT:-runs/distill-vs-rl/$SCALE-$DEVICE}"
mkdir -p "$RUN/times" "$RUN/logs"
RUN="$(cd "$RUN" && pwd)"

# A key of a config file (JSON with // comment lines), printed as compact JSON or a bare scalar.
conf() {
  python3 - "$1" "$2" <<'PY'
import json, sys
text = "\n".join(l for l in open(sys.argv[1]) if not l.lstrip().startswith("//"))
value = json.loads(text)
for key in sys.argv[2].split("."):
    value = value[key]
print(value if isinstance(value, (int, float, str)) else json.dumps(value, separators=(",", ":")))
PY
}

TASK="$(conf "$CONF/teacher.json" Task)"
TASK_OPTIONS="$(conf "$CONF/teacher.json" TaskOptions)"
ARM_SECONDS="${ARM_SECONDS:-$(conf "$CONF/experiment.json" ArmSeconds)}"
SEGMENTS="${ARM_SEGMENTS:-$(conf "$CONF/experiment.json" ArmSegments)}"
[[ "$SEGMENTS" =~ ^[1-9][0-9]*$ ]] || { echo "error: ArmSegments must be a positive integer, found '$SEGMENTS'" >&2; exit 2; }
# Segment s of K ends at ArmSeconds / 2^(K-s) of training: the curve is sampled densely early, where it moves most.
segment_seconds() { python3 -c "t = lambda k: float('$ARM_SECONDS') / 2 ** ($SEGMENTS - k) if k > 0 else 0.0; print(round(t($1) - t($1 - 1), 3))"; }
INIT_EXAMPLES="$(conf "$CONF/experiment.json" StudentInitExamples)"
STUDENT_SEED="$(conf "$CONF/experiment.json" StudentSeed)"
COMMON=(--device "$DEVICE" --prompt-format compact)
# On a CPU, one intra-op thread per process: these models are tiny, and on a busy machine libtorch's extra threads spin
# at barriers (an SFT step of the full-scale student took 2.9 s with the default threads, 0.08 s with one, measured).
[[ "$DEVICE" == cpu ]] && export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
if [[ "$DEVICE" == cuda && -z "${R1GYM_LIBTORCH:-}" ]]; then
  # Every command would ask python3 where PyTorch's CUDA libraries are; ask once.
  TORCH_DIR="$(python3 -c "import importlib.util as u; s = u.find_spec('torch'); print(s.submodule_search_locations[0] if s else '')" 2>/dev/null || true)"
  [[ -n "$TORCH_DIR" && -d "$TORCH_DIR/lib" ]] && export R1GYM_LIBTORCH="$TORCH_DIR/lib"
fi

# step NAME -- COMMAND...: runs COMMAND unless times/NAME records that it finished; stdout to logs/NAME.out, stderr to
# logs/NAME.log, wall-clock seconds (process start, model load and all) to times/NAME.
step() {
  local name="$1"; shift 2
  if [[ -e "$RUN/times/$name" ]]; then
    echo "== $name: done already ($(cat "$RUN/times/$name") s), skipped" >&2
    return
  fi
  echo "== $name: $*" >&2
  local start end
  start=$(date +%s.%N)
  if ! "$@" > "$RUN/logs/$name.out" 2> "$RUN/logs/$name.log"; then
    echo "error: step '$name' failed; last lines of $RUN/logs/$name.log:" >&2
    tail -n 20 "$RUN/logs/$name.log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  python3 -c "print(round($end - $start, 1))" > "$RUN/times/$name"
  echo "   $name: $(cat "$RUN/times/$name") s" >&2
}

# evaluate NAME MODEL_DIR: the held-out evaluation every model gets.
evaluate() {
  step "eval-$1" -- "${R1[@]}" eval --model "$2" --task "$TASK" --options "$TASK_OPTIONS" --config "$CONF/eval.json" \
    --output "$RUN/eval/$1" "${COMMON[@]}" --json
}

TEACHER="$RUN/teacher/5-final-rl/model"
STUDENT_BASE="$RUN/student/base"
STUDENT_INIT="$RUN/student/init/model"
TRACES="$RUN/arm-b/traces.jsonl"

echo "distill-vs-rl: scale $SCALE, device $DEVICE, task $TASK $TASK_OPTIONS, $ARM_SECONDS s per arm in $SEGMENTS segment(s)," \
  "run folder $RUN" >&2

step teacher -- "${R1[@]}" pipeline r1 --config "$CONF/teacher.json" --output "$RUN/teacher" --device "$DEVICE"
evaluate teacher "$TEACHER"
step student-create -- "${R1[@]}" pipeline student --teacher "$TEACHER" --config "$CONF/student.json" --seed "$STUDENT_SEED" \
  --output "$STUDENT_BASE" --json
step student-init -- "${R1[@]}" train sft --model "$STUDENT_BASE" --task "$TASK" --task-options "$TASK_OPTIONS" \
  --examples "$INIT_EXAMPLES" --config "$CONF/student.json" --output "$RUN/student/init" "${COMMON[@]}" --json
evaluate student-init "$STUDENT_INIT"
step sample-traces -- "${R1[@]}" sample --model "$TEACHER" --task "$TASK" --options "$TASK_OPTIONS" \
  --config "$CONF/arm-b-distill.json" --output "$TRACES" "${COMMON[@]}" --json
if [[ "$(conf "$RUN/logs/sample-traces.out" kept)" == 0 ]]; then
  echo "error: the teacher's samples kept no verified trace (see $RUN/logs/sample-traces.out and $RUN/teacher/report.md);" \
    "train the teacher longer ($CONF/teacher.json: ColdStart/Sft Steps) or sample more (arm-b-distill.json: RejectionSampling:Prompts)," \
    "then delete $RUN/times/sample-traces and rerun with the same --out." >&2
  exit 1
fi

# The arms: the same training-time budget each, spent in SEGMENTS parts (ending at 1/2^(K-1), ..., 1/2, 1 of it), each
# part resuming the last one's checkpoint and evaluated after it: a learning curve at equal seconds, whose last point
# is the arm's result.
for ((s = 1; s <= SEGMENTS; s++)); do
  resume=(); (( s > 1 )) && resume=(--resume)
  step "arm-a-grpo-$s" -- "${R1[@]}" train grpo --model "$STUDENT_INIT" --task "$TASK" --task-options "$TASK_OPTIONS" \
    --config "$CONF/arm-a-grpo.json" --time-budget "$(segment_seconds "$s")" --output "$RUN/arm-a" "${resume[@]}" "${COMMON[@]}" --json
  evaluate "arm-a-grpo-$s" "$RUN/arm-a/model"
done
for ((s = 1; s <= SEGMENTS; s++)); do
  resume=(); (( s > 1 )) && resume=(--resume)
  step "arm-b-distill-$s" -- "${R1[@]}" distill --student "$STUDENT_INIT" --data "$TRACES" --mode sequence \
    --config "$CONF/arm-b-distill.json" --time-budget "$(segment_seconds "$s")" --output "$RUN/arm-b" "${resume[@]}" "${COMMON[@]}" --json
  evaluate "arm-b-distill-$s" "$RUN/arm-b/model"
done

# The table and one JSON line: accuracies from the eval reports; training seconds from the arms' own metrics (the sum of
# their steps' seconds), wall seconds from times/ (every command, process start and model load included). Also written
# to summary.md and summary.json in the run folder.
(python3 - "$RUN" "$SCALE" "$DEVICE" "$TASK" "$TASK_OPTIONS" "$ARM_SECONDS" "$SEGMENTS" <<'PY'
import json, os, sys
run, scale, device, task, task_options, arm_seconds, segments = sys.argv[1:]
segments = int(segments)
def load(*parts):
    with open(os.path.join(run, *parts)) as f:
        return json.load(f)
def wall(name):
    with open(os.path.join(run, "times", name)) as f:
        return float(f.read())
def overall(name):
    return load("eval", name, "report.json")["overall"]
def curve(arm, folder):
    """Per segment: cumulative steps, training seconds, wall seconds and the held-out scores after it."""
    rows = [json.loads(l) for l in open(os.path.join(run, folder, "metrics.jsonl")) if l.strip()]
    points, walls = [], 0.0
    for s in range(1, segments + 1):
        steps = load("logs", f"{arm}-{s}.out")["steps"]
        walls += wall(f"{arm}-{s}")
        train = sum(r.get("perf/step_seconds") or 0.0 for r in rows if r["step"] <= steps)
        points.append({"segment": s, "steps": steps, "train_seconds": round(train, 1), "wall_seconds": round(walls, 1), **overall(f"{arm}-{s}")})
    return points
teacher, init = overall("teacher"), overall("student-init")
a, b = curve("arm-a-grpo", "arm-a"), curve("arm-b-distill", "arm-b")
sampled = load("logs", "sample-traces.out")
settings = load("eval", "teacher", "report.json")["settings"]
pct = lambda v: "-" if v is None else f"{100 * v:.1f}%"
print(f"## Distillation vs RL: {task} {task_options}, scale {scale}, device {device}\n")
print(f"Held-out problems: {teacher['problems']} (problem seed {settings['problem_seed']}); pass@1 from {settings['samples']} samples at "
      f"T={settings['temperature']}, top-p {settings['top_p']}; each arm {arm_seconds} s of training in {segments} segment(s); "
      f"teacher traces: {sampled['kept']} kept of {sampled['sampled']} sampled on {sampled['prompts']} prompts "
      f"({wall('sample-traces'):.0f} s, teacher inference, not in arm b's budget).\n")
print("| model | held-out pass@1 | greedy | maj@k | steps | training s | wall s |")
print("|---|---:|---:|---:|---:|---:|---:|")
print(f"| teacher (pipeline r1) | {pct(teacher['pass_at_1'])} | {pct(teacher['greedy'])} | {pct(teacher['maj_at_k'])} | - | - | {wall('teacher'):.0f} |")
print(f"| student init (cold-start SFT) | {pct(init['pass_at_1'])} | {pct(init['greedy'])} | {pct(init['maj_at_k'])} | "
      f"{load('logs', 'student-init.out')['steps']} | - | {wall('student-init'):.0f} |")
for label, points in (("(a) student + GRPO", a), ("(b) student + distillation", b)):
    for p in points:
        tag = label if p["segment"] == segments else f"{label}, after segment {p['segment']}"
        print(f"| {tag} | {pct(p['pass_at_1'])} | {pct(p['greedy'])} | {pct(p['maj_at_k'])} | {p['steps']} | {p['train_seconds']:.0f} | {p['wall_seconds']:.0f} |")
fa, fb = a[-1], b[-1]
order = lambda pa, pb: "b > a" if pb > pa else "b < a" if pb < pa else "b = a"
per_segment = [order(pa["pass_at_1"], pb["pass_at_1"]) for pa, pb in zip(a, b)]
if fb["pass_at_1"] > fa["pass_at_1"]:
    verdict = "b > a: distillation beats GRPO at equal training time, as the paper found"
elif fb["pass_at_1"] < fa["pass_at_1"]:
    verdict = "b < a: GRPO beats distillation at equal training time; the paper's finding does not hold here"
else:
    verdict = "b = a: a tie at equal training time"
print(f"\nFinding (pass@1 after the whole budget): {verdict}.")
if segments > 1:
    print(f"Per segment (a and b at the same training time): {', '.join(per_segment)}.")
print()
print(json.dumps({
    "task": task, "task_options": json.loads(task_options), "scale": scale, "device": device, "heldout_problems": teacher["problems"],
    "teacher_pass_at_1": teacher["pass_at_1"], "teacher_wall_seconds": wall("teacher"),
    "student_init_pass_at_1": init["pass_at_1"],
    "arm_a_grpo_pass_at_1": fa["pass_at_1"], "arm_a_grpo_train_seconds": fa["train_seconds"], "arm_a_grpo_wall_seconds": fa["wall_seconds"], "arm_a_grpo_steps": fa["steps"],
    "arm_b_distill_pass_at_1": fb["pass_at_1"], "arm_b_distill_train_seconds": fb["train_seconds"], "arm_b_distill_wall_seconds": fb["wall_seconds"], "arm_b_distill_steps": fb["steps"],
    "arm_a_curve": [[p["train_seconds"], p["pass_at_1"]] for p in a], "arm_b_curve": [[p["train_seconds"], p["pass_at_1"]] for p in b],
    "per_segment": per_segment, "traces_kept": sampled["kept"], "sample_wall_seconds": wall("sample-traces"), "b_beats_a": fb["pass_at_1"] > fa["pass_at_1"],
}))
PY
) | tee "$RUN/summary.md"
tail -n 1 "$RUN/summary.md" > "$RUN/summary.json"
