using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Sandbox;

/// <summary>What a batch did: answers per verdict (lines that could not be judged count as "error") and its rate.</summary>
public sealed record BatchSummary(int Answers, IReadOnlyDictionary<string, int> Verdicts, TimeSpan Elapsed)
{
    public double AnswersPerSecond => Elapsed.TotalSeconds > 0 ? Answers / Elapsed.TotalSeconds : 0;

    /// <summary>One line: "120 answers in 1.3 s (92.3 answers/s): accepted 80, wrong_answer 30, error 1, ...".</summary>
    public override string ToString() =>
        $"{Answers} answers in {Elapsed.TotalSeconds:0.0} s ({AnswersPerSecond:0.0} answers/s): " +
        string.Join(", ", Verdicts.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}"));

    public JsonObject ToJson() => new()
    {
        ["answers"] = Answers,
        ["seconds"] = Math.Round(Elapsed.TotalSeconds, 3),
        ["answers_per_second"] = Math.Round(AnswersPerSecond, 1),
        ["verdicts"] = new JsonObject(Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))),
    };
}

/// <summary>
/// <c>sandbox batch</c>: judges JSONL lines (<c>{"id", "code", "tests"}</c>) through one sandbox, several at once, and
/// writes one result line per input line, in input order, as soon as it and every line before it are judged (flushed
/// each time: a killed batch keeps every result it wrote). A line that cannot be judged (not JSON, fields of the wrong
/// type, a malformed test specification) gets <c>{"id", "error"}</c>; the other lines are still judged.
/// </summary>
public static class SandboxBatch
{
    /// <summary>Opens (creates or truncates) the results file, before anything runs, or says clearly why it cannot.</summary>
    /// <exception cref="R1GymException">The path is a folder, its folder does not exist, or it cannot be written.</exception>
    public static StreamWriter OpenOutput(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new R1GymException($"--out '{path}' is a folder; expected a file path for the results (for example '{Path.Combine(path, "results.jsonl")}').");
        string? parent = Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
            throw new R1GymException($"--out '{path}': the folder '{parent}' does not exist; create it first or choose another path.");
        try
        {
            return new StreamWriter(new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read)) { AutoFlush = false };
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new R1GymException($"--out '{path}' cannot be written ({e.Message}); choose a writable file path.");
        }
    }

    /// <summary>Judges every non-blank line of <paramref name="lines"/> and streams the results to <paramref name="output"/>.</summary>
    /// <param name="sandbox">The sandbox that judges (started here if it is not yet).</param>
    /// <param name="lines">The input lines; blank ones are skipped (they produce no result).</param>
    /// <param name="output">Receives one JSON line per judged line, in input order, flushed as written.</param>
    /// <param name="concurrency">Answers in flight at once (default: twice the sandbox's pool).</param>
    /// <param name="ct">Stops the batch; results already written stay.</param>
    public static async Task<BatchSummary> RunAsync(CodeSandbox sandbox, IReadOnlyList<string> lines, TextWriter output, int concurrency = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        var items = lines.Select((text, i) => (Text: text, Number: i + 1)).Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        var done = new JsonObject?[items.Count];
        var verdicts = new Dictionary<string, int>(StringComparer.Ordinal);
        int next = 0;
        var gate = new object();
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency > 0 ? concurrency : sandbox.Options.EffectivePoolSize * 2, CancellationToken = ct },
            async (i, token) =>
            {
                var result = await JudgeLineAsync(sandbox, items[i].Text, items[i].Number, token).ConfigureAwait(false);
                lock (gate)
                {
                    done[i] = result;
                    string verdict = (string?)result["verdict"] ?? "error";
                    verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
                    bool wrote = false;
                    for (; next < done.Length && done[next] is { } ready; next++)
                    {
                        output.WriteLine(ready.ToJsonString());
                        done[next] = null;
                        wrote = true;
                    }
                    if (wrote)
                        output.Flush();
                }
            }).ConfigureAwait(false);
        return new BatchSummary(items.Count, verdicts, clock.Elapsed);
    }

    /// <summary>One line's result: the sandbox's verdict with the line's id first, or <c>{"id", "error"}</c> when the line cannot be judged.</summary>
    private static async Task<JsonObject> JudgeLineAsync(CodeSandbox sandbox, string line, int number, CancellationToken ct)
    {
        JsonNode? id = null;
        try
        {
            var item = JsonNode.Parse(line) as JsonObject ?? throw new R1GymException($"line {number}: expected a JSON object {{\"id\", \"code\", \"tests\"}}.");
            id = item["id"]?.DeepClone();
            string code = item["code"] switch
            {
                null => "",
                JsonValue v when v.TryGetValue(out string? text) => text,
                var other => throw new R1GymException($"line {number}: 'code' must be a string (the answer's C# source), found {other.GetValueKind()}."),
            };
            var tests = item["tests"] as JsonObject
                ?? throw new R1GymException($"line {number}: 'tests' must be a JSON object (a test specification), found {item["tests"]?.GetValueKind().ToString() ?? "nothing"}.");
            var result = (await sandbox.RunAsync(code, tests, ct).ConfigureAwait(false)).ToJson();
            result.Insert(0, "id", id);
            return result;
        }
        catch (Exception e) when (e is R1GymException or JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            string message = e is R1GymException ? e.Message : $"line {number}: {(e is JsonException ? "not valid JSON" : "malformed")} ({e.Message}).";
            return new JsonObject { ["id"] = id?.DeepClone(), ["error"] = message };
        }
    }
}
