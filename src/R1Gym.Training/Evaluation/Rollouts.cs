using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;

namespace R1Gym.Training.Evaluation;

/// <summary>Samples n completions per problem in batched generation calls, decodes and verifies them.</summary>
public static class Rollouts
{
    /// <remarks>sampling: Decoding settings; the seed of each call derives from its seed and the first problem's position.</remarks>
    /// <remarks>batchSize: Sequences per generation call (problems times <paramref name="perProblem"/>).</remarks>
    /// <returns>For each problem, its <paramref name="perProblem"/> samples in order.</returns>
    public static async Task<IReadOnlyList<SampleRecord[]>> SampleAsync(CausalLM model, ITextTokenizer tokenizer, IReasoningTask task,
        IReadOnlyList<Problem> problems, Func<string, string> renderPrompt, int perProblem, SamplingOptions sampling, int batchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(renderPrompt);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentOutOfRangeException.ThrowIfLessThan(perProblem, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new List<SampleRecord[]>(problems.Count);
        int problemsPerCall = Math.Max(1, batchSize / perProblem);
        for (int start = 0; start < problems.Count; start += problemsPerCall)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = problems.Skip(start).Take(problemsPerCall).ToList();
            var prompts = chunk.Select(p => tokenizer.Encode(renderPrompt(p.Prompt))).ToList();
            var request = prompts.SelectMany(p => Enumerable.Repeat(p, perProblem)).ToList();   // problem-major
            var generated = Generator.Generate(model, tokenizer, request, sampling with { Seed = DeterministicSeed.Combine(sampling.Seed, start) });
            for (int p = 0; p < chunk.Count; p++)
            {
                var samples = new SampleRecord[perProblem];
                for (int s = 0; s < perProblem; s++)
                {
                    int row = p * perProblem + s;
                    samples[s] = await Score(task, tokenizer, chunk[p], generated.Tokens[row], generated.FinishReasons[row], cancellationToken).ConfigureAwait(false);
                }
                results.Add(samples);
            }
        }
        return results;
    }

    /// <summary>
    /// One completion per problem with <paramref name="sampling"/> (greedy at temperature 0): the mean verifier score and
    /// the share in the R1 format. The demo's before/after figures and evaluation during training.
    /// </summary>
    public static async Task<HeldoutScore> ScoreAsync(CausalLM model, ITextTokenizer tokenizer, IReasoningTask task, IReadOnlyList<Problem> problems,
        Func<string, string> renderPrompt, SamplingOptions sampling, int batchSize = 64, CancellationToken cancellationToken = default)
    {
        var samples = (await SampleAsync(model, tokenizer, task, problems, renderPrompt, 1, sampling, batchSize, cancellationToken).ConfigureAwait(false))
            .Select(s => s[0]).ToList();
        return samples.Count == 0
            ? new HeldoutScore(0, 0, 0, 0)
            : new HeldoutScore(samples.Count, samples.Average(s => s.Score), samples.Average(s => s.WellFormed ? 1.0 : 0.0), samples.Average(s => (double)s.Tokens));
    }

    private static async Task<SampleRecord> Score(IReasoningTask task, ITextTokenizer tokenizer, Problem problem, int[] tokens, string finish,
        CancellationToken cancellationToken)
    {
        var text = tokenizer.Decode(tokens.Where(t => t != tokenizer.EosId));
        var verdict = await task.VerifyAsync(new VerifyArgs(problem, text), cancellationToken).ConfigureAwait(false);
        return new SampleRecord(text, AnswerNormalizer.Normalize(Answers.Extract(text)), verdict.Score, verdict.IsCorrect, verdict.Reason,
            tokens.Length, finish, FormatReward.Score(text) >= 1);
    }
}

/// <summary>Accuracy (mean verifier score), format rate and mean completion length over a set of problems.</summary>
public sealed record HeldoutScore(int Problems, double Accuracy, double FormatRate, double MeanLength);
