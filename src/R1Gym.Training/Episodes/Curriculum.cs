using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Training;

/// <summary>
/// Raises one integer option of a task (its difficulty: heaps, digits, code length) by <see cref="Step"/> whenever the
/// running success rate over the last <see cref="Window"/> episodes passes <see cref="Threshold"/>, up to <see cref="Max"/>
/// (as reasoning-gym's curricula do).
/// </summary>
public sealed record CurriculumRule(string TaskId, string Option, int Start, int Max)
{
    public int Step { get; init; } = 1;

    /// <summary>Success rate (episodes won) that raises the level. Default: 0.8.</summary>
    public double Threshold { get; init; } = 0.8;

    /// <summary>Episodes the running success rate is taken over; the window empties after each raise. Default: 64.</summary>
    public int Window { get; init; } = 64;
}

/// <summary>The curricula of a run: the current option values, the running success, and the raises, all logged per step.</summary>
public sealed class Curriculum
{
    private readonly Dictionary<string, (CurriculumRule Rule, int Value, Queue<bool> Recent)> _state = new(StringComparer.Ordinal);

    public Curriculum(IEnumerable<CurriculumRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            if (rule.Step == 0 || rule.Window < 1 || !(rule.Threshold is > 0 and <= 1) || (rule.Step > 0 ? rule.Start > rule.Max : rule.Start < rule.Max))
                throw new R1GymException($"Curriculum for '{rule.TaskId}' is invalid: expected a non-zero step towards Max, a window of at least 1 and a threshold in (0, 1]; found {rule}.");
            if (!_state.TryAdd(rule.TaskId, (rule, rule.Start, new Queue<bool>())))
                throw new R1GymException($"Task '{rule.TaskId}' has two curricula; give each task one.");
        }
    }

    /// <summary>The options override for <paramref name="taskId"/> (its current level), or null when it has no curriculum.</summary>
    public JsonObject? OptionsFor(string taskId, JsonObject? baseOptions = null)
    {
        if (!_state.TryGetValue(taskId, out var s))
            return baseOptions;
        var options = (JsonObject?)baseOptions?.DeepClone() ?? [];
        options[s.Rule.Option] = s.Value;
        return options;
    }

    /// <summary>Counts the episodes' wins; returns the tasks whose level rose.</summary>
    public IReadOnlyList<string> Observe(IEnumerable<Episode> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        var raised = new List<string>();
        foreach (var episode in episodes)
        {
            if (!_state.TryGetValue(episode.TaskId, out var s))
                continue;
            s.Recent.Enqueue(episode.Won);
            if (s.Recent.Count > s.Rule.Window)
                s.Recent.Dequeue();
            if (s.Recent.Count == s.Rule.Window && s.Value != s.Rule.Max && s.Recent.Count(w => w) >= s.Rule.Threshold * s.Rule.Window)
            {
                int next = s.Rule.Step > 0 ? Math.Min(s.Rule.Max, s.Value + s.Rule.Step) : Math.Max(s.Rule.Max, s.Value + s.Rule.Step);
                _state[episode.TaskId] = (s.Rule, next, new Queue<bool>());
                raised.Add(episode.TaskId);
            }
        }
        return raised;
    }

    /// <summary><c>curriculum/&lt;task&gt;/level</c> and <c>curriculum/&lt;task&gt;/success</c> per task.</summary>
    public Dictionary<string, double> Metrics() => _state.SelectMany(kv => new[]
    {
        KeyValuePair.Create($"curriculum/{kv.Key}/level", (double)kv.Value.Value),
        KeyValuePair.Create($"curriculum/{kv.Key}/success", kv.Value.Recent.Count == 0 ? 0 : kv.Value.Recent.Average(w => w ? 1.0 : 0.0)),
    }).ToDictionary(StringComparer.Ordinal);

    /// <summary>The levels and windows, for a checkpoint (exact resume).</summary>
    public JsonObject Save() => new(_state.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject
    {
        ["value"] = kv.Value.Value,
        ["recent"] = new JsonArray(kv.Value.Recent.Select(w => (JsonNode)w).ToArray()),
    })));

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    public void Load(JsonObject? saved)
    {
        if (saved is null)
            return;
        foreach (var (task, node) in saved)
            if (_state.TryGetValue(task, out var s) && node is JsonObject o)
                _state[task] = (s.Rule, o["value"]!.GetValue<int>(), new Queue<bool>(o["recent"]!.AsArray().Select(w => w!.GetValue<bool>())));
    }
}
