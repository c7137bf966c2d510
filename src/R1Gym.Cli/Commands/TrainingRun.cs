using System.CommandLine;
using System.Globalization;
using R1Gym.Abstractions;
using R1Gym.Model;
using R1Gym.Training;
using R1Gym.Training.Evaluation;

namespace R1Gym.Cli.Commands;

/// <summary>
/// What every training command (train sft, train grpo, distill) shares around its trainer: the run folder's options and
/// opening it (lock, refusal, resume checks), evaluation during training, the live display with a graceful Ctrl+C, and
/// the closing report. The loop itself is <see cref="Trainer"/>'s.
/// </summary>
internal static class TrainingRun
{
    public static readonly Option<bool> Resume = new("--resume") { Description = "Continue exactly from the run folder's latest complete checkpoint (same task, task options and prompt format; Steps may grow)." };
    public static readonly Option<bool> Overwrite = new("--overwrite") { Description = "Delete the run the output folder holds and start a new one (without it a non-empty folder is refused)." };
    public static readonly Option<bool> AcceptChanges = new("--accept-changes") { Description = "With --resume: continue even though the task, task options or prompt format differ from the run's." };
    public static readonly Option<int> EvalEvery = new("--eval-every") { Description = "Evaluate greedy accuracy on held-out problems every N steps (eval/accuracy in metrics.jsonl and the plots); 0: never.", DefaultValueFactory = _ => 0, HelpName = "steps" };
    public static readonly Option<int> EvalProblems = new("--eval-problems") { Description = "Held-out problems per evaluation (drawn from the task with seed 1000003, apart from the training stream).", DefaultValueFactory = _ => 100, HelpName = "count" };

    /// <summary>The seed of the held-out problem stream used for evaluation during training.</summary>
    public const long EvalSeed = 1_000_003;

    /// <summary>Opens (and locks) the run folder as <c>--resume</c> / <c>--overwrite</c> say.</summary>
    public static RunFolder Open(ParseResult parse, string path, RunIdentity identity)
    {
        bool resume = parse.GetValue(Resume), overwrite = parse.GetValue(Overwrite);
        if (resume && overwrite)
            throw new R1GymException("--resume continues the run in the output folder and --overwrite deletes it; pass one of them.");
        if (parse.GetValue(AcceptChanges) && !resume)
            throw new R1GymException("--accept-changes applies to --resume only.");
        var mode = resume ? RunMode.Resume : overwrite ? RunMode.Overwrite : RunMode.New;
        return RunFolder.Open(path, mode, identity, parse.GetValue(AcceptChanges));
    }

    /// <summary>With <c>--resume</c>, the run's newest complete checkpoint; otherwise null.</summary>
    public static string? Checkpoint(ParseResult parse, RunFolder run) => !parse.GetValue(Resume) ? null
        : new CheckpointStore(run.Checkpoints).Latest()
            ?? throw new R1GymException($"--resume found no complete checkpoint under {run.Checkpoints}; start without --resume (add --overwrite to replace what the folder holds).");

    /// <summary>Greedy accuracy on <c>--eval-problems</c> held-out problems every <c>--eval-every</c> steps; null when off.</summary>
    public static TrainingEvaluation? Evaluation(ParseResult parse, IReasoningTask? task, CausalLM model, ITextTokenizer tokenizer, Func<string, string> render, int maxNewTokens)
    {
        int every = parse.GetValue(EvalEvery), count = parse.GetValue(EvalProblems);
        if (every < 0 || count is < 1 or > 100_000)
            throw new R1GymException($"--eval-every must be at least 0 and --eval-problems between 1 and 100000, found {every} and {count}.");
        if (every == 0)
            return null;
        if (task is null)
            throw new R1GymException("--eval-every needs a task to draw held-out problems from (--task), not --data.");
        var problems = Enumerable.Range(0, count).Select(i => task.Generate(EvalSeed, i)).ToList();
        var greedy = new SamplingOptions { Temperature = 0f, MaxNewTokens = maxNewTokens, Seed = EvalSeed };
        return new TrainingEvaluation(every, (_, ct) =>
        {
            var score = Rollouts.ScoreAsync(model, tokenizer, task, problems, render, greedy, batchSize: 64, ct).GetAwaiter().GetResult();
            return new Dictionary<string, double> { ["eval/accuracy"] = score.Accuracy, ["eval/format"] = score.FormatRate, ["eval/length_mean"] = score.MeanLength };
        });
    }

    /// <summary>Trains with the live display (or quietly with --json); the first Ctrl+C stops gracefully from here on.</summary>
    public static Task Train(ParseResult parse, string name, Trainer trainer, int steps, CancellationToken cancellationToken)
    {
        Interrupts.OfferGracefulStop();
        if (parse.GetValue(CliOptions.Json))
        {
            trainer.Train(cancellationToken: cancellationToken);
            return Task.CompletedTask;
        }
        return TrainingDisplay.RunAsync(name, trainer.Step, steps,
            report => Task.FromResult(trainer.Train(new InlineProgress<TrainingProgress>(p => report(p.Step, p.Metrics)), cancellationToken)));
    }

    /// <summary>Saves the model, plots the metrics and reports; exit code 130 when a Ctrl+C stopped the run.</summary>
    public static int Finish(ParseResult parse, RunFolder run, CausalLM model, ITextTokenizer tokenizer, Trainer trainer, string? resumedFrom, IEnumerable<string> plotted)
    {
        model.Save(run.Model);
        tokenizer.Save(run.Model);
        var rows = File.Exists(run.Metrics) ? MetricsLog.Load(run.Metrics) : [];
        var plots = rows.Count > 0 ? MetricsPlotter.Plot(rows, run.Plots, plotted.Concat(["eval/accuracy"])) : [];
        var last = rows.Count > 0 ? rows[^1] : null;
        var checkpoint = new CheckpointStore(run.Checkpoints).Latest();
        bool stopped = trainer.StopReason == TrainingStop.StopRequested;
        if (parse.GetValue(CliOptions.Json))
        {
            CliOutput.WriteJson(new
            {
                steps = trainer.Step, stop = trainer.StopReason.ToString(), run = run.Path, model = run.Model, metrics = run.Metrics, plots,
                resumed_from = resumedFrom, checkpoint, last_metrics = last?.Values,
            });
            return stopped ? 130 : 0;
        }
        Console.Out.WriteLine($"trained {trainer.Step} steps{(resumedFrom is null ? "" : $" (resumed from {resumedFrom})")}; model: {run.Model}");
        if (last is not null)
            Console.Out.WriteLine($"step {last.Step}: {Summary(last)}");
        Console.Out.WriteLine($"metrics: {run.Metrics}");
        foreach (var plot in plots)
            Console.Out.WriteLine($"plot: {plot}");
        if (trainer.StopReason is TrainingStop.StopRequested or TrainingStop.TimeBudget)
            Console.Out.WriteLine($"stopped early ({(stopped ? "Ctrl+C" : "--time-budget")}) at step {trainer.Step}; checkpoint: {checkpoint}; add --resume to continue");
        return stopped ? 130 : 0;
    }

    /// <summary>"reward 0.41  accuracy 38%  length 27  ..." from the figures a step logs; the full set is in metrics.jsonl.</summary>
    private static string Summary(MetricsRow row)
    {
        var parts = new List<string>();
        void Add(string key, string label, Func<double, string> format)
        {
            if (row[key] is { } v)
                parts.Add($"{label} {format(v)}");
        }
        string Fixed(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        Add("loss/sft", "loss", v => Fixed(v, "0.0000"));
        Add("loss/kd", "kd", v => Fixed(v, "0.0000"));
        Add("reward/total", "reward", v => Fixed(v, "0.000"));
        Add("reward/accuracy", "accuracy", v => Fixed(v * 100, "0.0") + "%");
        Add("eval/accuracy", "held-out", v => Fixed(v * 100, "0.0") + "%");
        Add("completion/length_mean", "length", v => Fixed(v, "0.0"));
        Add("policy/entropy", "entropy", v => Fixed(v, "0.000"));
        Add("kl/reference", "kl", v => Fixed(v, "0.0000"));
        Add("policy/grad_norm", "grad norm", v => Fixed(v, "0.000"));
        Add("policy/learning_rate", "lr", v => Fixed(v, "0.##E+0"));
        Add("perf/step_seconds", "step", v => Fixed(v, "0.00") + " s");
        return string.Join("  ", parts);
    }
}
