using System.Diagnostics;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;

namespace R1Gym.Training.Evaluation;

/// <summary>One task's problems and scores.</summary>
public sealed record TaskEvaluation(TaskScores Scores, IReadOnlyList<ProblemOutcome> Outcomes);

/// <summary>
/// R1-style evaluation of one model on one task: k samples per problem at the paper's temperature and top-p, plus a
/// greedy completion, scored as pass@1, pass@k, maj@k and greedy accuracy.
/// </summary>
public static class SampledEvaluator
{
    public static async Task<TaskEvaluation> EvaluateAsync(CausalLM model, ITextTokenizer tokenizer, string taskId, IReasoningTask task,
        Func<string, string> renderPrompt, EvalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        OptionsValidation.ThrowIfInvalid(options, EvalOptions.SectionName);
        var problems = ProblemsOf(task, options);
        var sampling = new SamplingOptions
        {
            Temperature = (float)options.Temperature,
            TopP = (float)options.TopP,
            MaxNewTokens = options.MaxNewTokens,
            Seed = options.Seed,
        };
        var samples = await Rollouts.SampleAsync(model, tokenizer, task, problems, renderPrompt, options.Samples, sampling, options.BatchSize, cancellationToken)
            .ConfigureAwait(false);
        IReadOnlyList<SampleRecord[]>? greedy = null;
        if (options.Greedy)
            greedy = await Rollouts.SampleAsync(model, tokenizer, task, problems, renderPrompt, 1, sampling with { Temperature = 0f, TopP = 1f },
                options.BatchSize, cancellationToken).ConfigureAwait(false);
        var outcomes = problems.Select((p, i) => new ProblemOutcome(p, samples[i], greedy?[i][0])).ToList();
        return new TaskEvaluation(TaskScores.From(taskId, outcomes, options.PassAtKValues()), outcomes);
    }

    /// <summary>
    /// The problems evaluated: a fixed data set's first <see cref="EvalOptions.MaxProblems"/> items (each once), or that many
    /// generated from <see cref="EvalOptions.ProblemSeed"/>.
    /// </summary>
    public static IReadOnlyList<Problem> ProblemsOf(IReasoningTask task, EvalOptions options)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        int count = task is IFiniteTask finite ? Math.Min(finite.Count, options.MaxProblems) : options.MaxProblems;
        return Enumerable.Range(0, count).Select(i => task.Generate(options.ProblemSeed, i)).ToList();
    }
}

/// <summary>Evaluates several tasks and gathers them into one report.</summary>
public static class EvaluationRun
{
    public static async Task<EvalReport> RunAsync(string modelName, CausalLM model, ITextTokenizer tokenizer,
        IReadOnlyList<(string Id, IReasoningTask Task)> tasks, Func<string, string> renderPrompt, EvalOptions options,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0)
            throw new R1GymException("Nothing to evaluate: pass at least one task id or task set.");
        var clock = Stopwatch.StartNew();
        var evaluations = new List<TaskEvaluation>();
        foreach (var (id, task) in tasks)
        {
            progress?.Report(id);
            evaluations.Add(await SampledEvaluator.EvaluateAsync(model, tokenizer, id, task, renderPrompt, options, cancellationToken).ConfigureAwait(false));
        }
        return EvalReport.Create(modelName, options, evaluations, clock.Elapsed.TotalSeconds);
    }
}
