using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>Determinism, reference solution and hostile completions for a single-turn task.</summary>
internal static class SingleTurnChecks
{
    public static async Task<IReadOnlyList<ConformanceResult>> RunAsync(
        string id, IReasoningTask task, IReasoningTask twin, int? size, ConformanceOptions options, CancellationToken cancellationToken)
    {
        var results = new List<ConformanceResult>();
        var problems = new List<Problem>();
        try
        {
            results.Add(Determinism(task, twin, size, options, problems));
        }
        catch (Exception e)
        {
            results.Add(Checks.Fail("determinism", $"Generate threw {Checks.Describe(e)}"));
            return results;
        }
        if (problems.Count == 0)
            problems.Add(task.Generate(options.Seeds[0], 0));
        else if (options.SnapshotDirectory is { } snapshots)
            results.Add(PromptSnapshot.Check(id, problems.Take(options.Samples).ToList(), snapshots));
        results.Add(await ReferenceAsync(task, problems.Take(options.Samples).ToList(), options, cancellationToken).ConfigureAwait(false));
        results.AddRange(await HostileAsync(task, problems[0], options, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static ConformanceResult Determinism(IReasoningTask task, IReasoningTask twin, int? size, ConformanceOptions options, List<Problem> problems)
    {
        foreach (var seed in options.Seeds)
        {
            for (int index = 0; index < Math.Max(1, options.Samples); index++)
            {
                var a = task.Generate(seed, index);
                var again = task.Generate(seed, index);
                var b = twin.Generate(seed, index);
                if (!Same(a, again) || !Same(a, b))
                    return Checks.Fail("determinism", $"({seed}, {index}) gave different problems on two calls: {Diff(a, Same(a, again) ? b : again)}");
                if (string.IsNullOrWhiteSpace(a.Prompt))
                    return Checks.Fail("determinism", $"({seed}, {index}) has an empty prompt");
                problems.Add(a);
            }
        }
        int distinct = problems.Select(p => p.Prompt).Distinct(StringComparer.Ordinal).Count();
        if (size is null && problems.Count >= 4 && distinct == 1)
            return Checks.Fail("determinism", "every (seed, index) gave the same prompt; the generator ignores its seed and index");
        return Checks.Pass("determinism", $"{problems.Count} problems over {options.Seeds.Count} seeds are reproducible ({distinct} distinct)");
    }

    private static async Task<ConformanceResult> ReferenceAsync(
        IReasoningTask task, List<Problem> problems, ConformanceOptions options, CancellationToken cancellationToken)
    {
        int solved = 0;
        foreach (var problem in problems)
        {
            string? solution;
            try
            {
                solution = task.Solve(problem);
            }
            catch (Exception e)
            {
                return Checks.Fail("reference", $"Solve threw {Checks.Describe(e)} on {problem.Key}");
            }
            if (solution is null)
                continue;
            if (CompletionFormat.Check(solution) is { } problemWithFormat)
                return Checks.Fail("reference", $"the reference solution of {problem.Key} is not in the R1 format ({problemWithFormat})");
            Verdict verdict;
            try
            {
                verdict = await Checks.WithTimeout(ct => task.VerifyAsync(new VerifyArgs(problem, solution), ct), options.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return Checks.Fail("reference", $"verifying the reference solution of {problem.Key} threw {Checks.Describe(e)}");
            }
            if (!verdict.IsCorrect)
                return Checks.Fail("reference", $"the reference solution of {problem.Key} scored {verdict.Score} ({verdict.Reason}), expected 1");
            solved++;
        }
        return solved == 0
            ? Checks.Skip("reference", "the task has no reference solver")
            : Checks.Pass("reference", $"{solved} reference solutions score 1.0");
    }

    private static async Task<IReadOnlyList<ConformanceResult>> HostileAsync(
        IReasoningTask task, Problem problem, ConformanceOptions options, CancellationToken cancellationToken)
    {
        var results = new List<ConformanceResult>();
        foreach (var (name, completion) in HostileCompletions.For(problem))
        {
            var check = $"hostile/{name}";
            try
            {
                var verdict = await Checks.WithTimeout(ct => task.VerifyAsync(new VerifyArgs(problem, completion), ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                results.Add(verdict switch
                {
                    null => Checks.Fail(check, "the verifier returned null"),
                    { Score: not 0.0 } => Checks.Fail(check, $"scored {verdict.Score} ({verdict.Reason}), expected 0"),
                    { Reason: null or "" } => Checks.Fail(check, "scored 0 without a reason"),
                    _ when verdict.Reason.StartsWith("verifier error:", StringComparison.Ordinal) =>
                        Checks.Fail(check, $"the verifier threw and the base class caught it ({verdict.Reason})"),
                    _ => Checks.Pass(check, $"scored 0: {verdict.Reason}"),
                });
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                results.Add(Checks.Fail(check, $"the verifier threw {Checks.Describe(e)}; it must return a zero verdict instead"));
            }
        }
        return results;
    }

    private static bool Same(Problem a, Problem b) =>
        a.Prompt == b.Prompt && a.Answer == b.Answer && a.Difficulty == b.Difficulty
        && a.Metadata.Count == b.Metadata.Count
        && a.Metadata.All(kv => b.Metadata.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string Diff(Problem a, Problem b) =>
        a.Prompt != b.Prompt ? "prompts differ"
        : a.Answer != b.Answer ? $"answers differ ('{Short(a.Answer)}' vs '{Short(b.Answer)}')"
        : a.Difficulty != b.Difficulty ? $"difficulties differ ({a.Difficulty} vs {b.Difficulty})"
        : "metadata differs";

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
