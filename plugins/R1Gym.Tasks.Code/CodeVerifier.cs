using System.Globalization;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code;

/// <summary>
/// Scores a completion for a code task: the last C# block after <c>&lt;/think&gt;</c> runs in the host's sandbox
/// against each function-test specification of the problem; the score is the fraction of all tests passed.
/// Never throws on model output; a missing code block or code runner scores 0 with the reason.
/// </summary>
internal sealed class CodeVerifier(IServiceProvider services, CodeTaskOptions options)
{
    /// <summary>Problem metadata key holding the JSON array of specifications (<c>entryPoint</c> + <c>tests</c>).</summary>
    public const string SpecsKey = "specs";

    /// <summary>Verdicts after which the other specifications cannot pass either (the same source fails to build).</summary>
    private static readonly HashSet<string> BuildFailures = ["compile_error", "policy_violation"];

    public async ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken)
    {
        var final = Answers.AfterThink(args.Completion);
        if (final is null)
            return Verdict.Wrong("no answer after the reasoning (the <think> block is never closed)");
        var code = CodeBlocks.LastCSharp(final);
        if (code is null)
            return Verdict.Wrong("no C# code block (```csharp ... ```) after the reasoning");
        if (services.GetService(typeof(ICodeRunner)) is not ICodeRunner runner)
            return Verdict.Wrong("no code runner is available: the host must register the sandbox (services.AddR1GymSandbox)");

        var specs = Specs(args.Problem);
        int passed = 0, total = 0;
        var parts = new List<string>();
        var details = new JsonArray();
        string? buildFailure = null;
        foreach (var spec in specs)
        {
            int count = spec["tests"]!.AsArray().Count;
            string entry = (string)spec["entryPoint"]!;
            total += count;
            if (buildFailure is not null)
            {
                parts.Add($"{entry}: {buildFailure} 0/{count}");
                continue;
            }
            CodeRunResult result;
            try
            {
                result = await runner.RunAsync(new CodeRunRequest(code, WithLimits(spec)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Verdict.Wrong($"the sandbox failed on {entry}: {e.GetType().Name}: {e.Message}");
            }
            passed += Math.Clamp(result.Passed, 0, count);
            parts.Add($"{entry}: {result.Verdict} {result.Passed}/{count}" + Explain(result));
            details.Add(new JsonObject { ["entryPoint"] = entry, ["verdict"] = result.Verdict, ["passed"] = result.Passed, ["total"] = count });
            if (BuildFailures.Contains(result.Verdict))
                buildFailure = result.Verdict;
        }
        double score = total == 0 ? 0 : (double)passed / total;
        var reason = string.Create(CultureInfo.InvariantCulture, $"{passed}/{total} tests passed ({string.Join("; ", parts)})");
        return Verdict.Partial(score, reason) with { Details = new JsonObject { ["specs"] = details, ["passed"] = passed, ["total"] = total } };
    }

    /// <summary>The specifications stored in the problem's metadata; a problem without them is a task bug.</summary>
    public static IReadOnlyList<JsonObject> Specs(Problem problem)
    {
        if (!problem.Metadata.TryGetValue(SpecsKey, out var json))
            throw new R1GymException($"Code problem {problem.Key} has no '{SpecsKey}' metadata; code tasks must store their test specifications there.");
        return JsonNode.Parse(json)!.AsArray().Select(s => s!.AsObject()).ToList();
    }

    private JsonObject WithLimits(JsonObject spec)
    {
        var copy = spec.DeepClone().AsObject();
        copy["timeLimitMs"] = options.TimeLimitMs;
        copy["memoryLimitMb"] = options.MemoryLimitMb;
        return copy;
    }

    private static string Explain(CodeRunResult result)
    {
        if (string.IsNullOrWhiteSpace(result.Diagnostics) || result.Verdict == "accepted")
            return "";
        var text = result.Diagnostics.ReplaceLineEndings(" ");
        return ": " + (text.Length <= 200 ? text : text[..200] + "...");
    }
}
