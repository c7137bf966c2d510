using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;

namespace R1Gym.Training.Demo;

/// <summary>One evaluated problem.</summary>
public sealed record EvaluatedProblem(Problem Problem, string Completion, Verdict Verdict, bool WellFormed, int Tokens);

/// <summary>Accuracy (mean verifier score) and format rate over a set of problems.</summary>
public sealed record EvaluationResult(int Problems, double Accuracy, double FormatRate, double MeanLength, IReadOnlyList<EvaluatedProblem> Items)
{
    /// <summary>Share of problems scored fully correct.</summary>
    public double SolvedRate => Items.Count == 0 ? 0 : Items.Count(i => i.Verdict.IsCorrect) / (double)Items.Count;
}

/// <summary>Generates one completion per problem in batches and verifies it (the demo's before/after measurement).</summary>
public static class HeldoutEvaluator
{
    /// <param name="sampling">How to decode; the demo decodes greedily (temperature 0).</param>
    /// <param name="batchSize">Prompts per generation call.</param>
    public static async Task<EvaluationResult> EvaluateAsync(CausalLM model, ITextTokenizer tokenizer, IReasoningTask task, IReadOnlyList<Problem> problems,
        Func<string, string> renderPrompt, SamplingOptions sampling, int batchSize = 64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(renderPrompt);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var items = new List<EvaluatedProblem>(problems.Count);
        for (int start = 0; start < problems.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = problems.Skip(start).Take(batchSize).ToList();
            var prompts = chunk.Select(p => tokenizer.Encode(renderPrompt(p.Prompt))).ToList();
            var result = Generator.Generate(model, tokenizer, prompts, sampling with { Seed = DeterministicSeed.Combine(sampling.Seed, start) });
            for (int i = 0; i < chunk.Count; i++)
            {
                var text = tokenizer.Decode(result.Tokens[i].Where(t => t != tokenizer.EosId));
                var verdict = await task.VerifyAsync(new VerifyArgs(chunk[i], text), cancellationToken).ConfigureAwait(false);
                items.Add(new EvaluatedProblem(chunk[i], text, verdict, FormatReward.Score(text) >= 1, result.Tokens[i].Length));
            }
        }
        return new EvaluationResult(
            items.Count,
            items.Count == 0 ? 0 : items.Average(i => i.Verdict.Score),
            items.Count == 0 ? 0 : items.Average(i => i.WellFormed ? 1.0 : 0.0),
            items.Count == 0 ? 0 : items.Average(i => (double)i.Tokens),
            items);
    }
}
