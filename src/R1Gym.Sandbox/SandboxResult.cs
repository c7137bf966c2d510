using System.Text.Json.Nodes;

namespace R1Gym.Sandbox;

/// <summary>One test's outcome.</summary>
/// <param name="Index">Position in the specification's tests.</param>
/// <param name="Verdict">accepted, wrong_answer, runtime_error, time_limit, memory_limit, output_limit, sandbox_error or not_run.</param>
/// <param name="Actual">The value returned (function mode), the text printed (stdio mode), or null.</param>
/// <param name="TimeMs">Time in the answer as the worker measured it (the deadline when it timed out).</param>
/// <param name="Message">Exception type and message, crash description: whatever explains a failure.</param>
public sealed record TestResult(int Index, string Verdict, JsonNode? Actual, double TimeMs, string? Message)
{
    /// <summary>
    /// For a wrong answer only: the test's arguments (function mode) or its input text (stdio mode) and the expected
    /// value, added by the supervisor after judging (the expected value never enters the sandbox). Null otherwise.
    /// </summary>
    public WrongAnswerDetail? Detail { get; init; }
}

/// <summary>What a wrong answer was asked and what it should have produced.</summary>
/// <param name="Args">Function mode: the arguments; null in stdio mode.</param>
/// <param name="Stdin">Stdio mode: the input; null in function mode.</param>
/// <param name="Expected">The expected return value (function mode) or output (stdio mode).</param>
public sealed record WrongAnswerDetail(JsonArray? Args, string? Stdin, JsonNode? Expected);

/// <summary>The sandbox's verdict on one answer: the first failing test decides it, partial credit counts every test.</summary>
public sealed record SandboxResult(string Verdict, int Passed, int Total, IReadOnlyList<TestResult> Tests, string? Diagnostics)
{
    public double CompileMs { get; init; }

    public double RunMs { get; init; }

    public bool CompileCacheHit { get; init; }

    /// <summary>The worker's own timing of the answer (load + tests) and of its clean-up check; for the benchmark's breakdown.</summary>
    internal (double RunMs, double HygieneMs) WorkerTimes { get; init; }

    /// <summary>Fraction of tests passed, 0 when nothing ran.</summary>
    public double Fraction => Total == 0 ? 0 : (double)Passed / Total;

    /// <summary>The result as JSON with the field names (verdict, passed, total, tests[], diagnostics).</summary>
    public JsonObject ToJson()
    {
        var tests = new JsonArray();
        foreach (var t in Tests)
        {
            var test = new JsonObject
            {
                ["index"] = t.Index,
                ["verdict"] = t.Verdict,
                ["actual"] = t.Actual?.DeepClone(),
                ["time_ms"] = Math.Round(t.TimeMs, 3),
                ["message"] = t.Message,
            };
            if (t.Detail is { } d)
            {
                if (d.Args is not null)
                    test["args"] = d.Args.DeepClone();
                else
                    test["stdin"] = d.Stdin;
                test["expected"] = d.Expected?.DeepClone();
            }
            tests.Add(test);
        }
        return new JsonObject
        {
            ["verdict"] = Verdict,
            ["passed"] = Passed,
            ["total"] = Total,
            ["fraction"] = Fraction,
            ["tests"] = tests,
            ["diagnostics"] = Diagnostics,
            ["compile_ms"] = Math.Round(CompileMs, 3),
            ["run_ms"] = Math.Round(RunMs, 3),
            ["compile_cache_hit"] = CompileCacheHit,
        };
    }

    internal static SandboxResult NothingRan(string verdict, int total, string diagnostics) =>
        new(verdict, 0, total, [], diagnostics);
}
