using System.Globalization;
using R1Gym.Training;
using R1Gym.Recipes.Demo;
using Spectre.Console;

namespace R1Gym.Cli.Commands;

/// <summary>Live progress of training runs (Spectre.Console): one bar per stage with the latest reward and accuracy.</summary>
internal static class TrainingDisplay
{
    private static readonly Dictionary<string, string> StageNames = new()
    {
        ["sft"] = "cold-start SFT",
        ["validate-sft"] = "cold-start check",
        ["eval-sft"] = "evaluate after SFT",
        ["grpo"] = "GRPO",
        ["eval-grpo"] = "evaluate after GRPO",
        ["benchmark"] = "training benchmark",
    };

    public static Task<DemoReport> RunDemoAsync(Func<IProgress<DemoProgress>, Task<DemoReport>> run)
    {
        // Not a terminal: a plain line at each tenth of a stage and at its end, instead of redrawn bars.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return run(new InlineProgress<DemoProgress>(p =>
            {
                if (p.Step > 0 && (p.Step == p.Steps || p.Step % Math.Max(1, p.Steps / 10) == 0))
                    Console.Out.WriteLine($"{StageNames.GetValueOrDefault(p.Stage, p.Stage)} {p.Step}/{p.Steps}  {Figures(p.Metrics)}".TrimEnd());
            }));
        return Start(ctx =>
        {
            var bars = new Dictionary<string, ProgressTask>();
            var progress = new InlineProgress<DemoProgress>(p =>
            {
                if (!bars.TryGetValue(p.Stage, out var bar))
                    bars[p.Stage] = bar = ctx.AddTask(StageNames.GetValueOrDefault(p.Stage, p.Stage), maxValue: Math.Max(1, p.Steps));
                bar.MaxValue = Math.Max(1, p.Steps);
                bar.Value = p.Step;
                bar.Description = Describe(StageNames.GetValueOrDefault(p.Stage, p.Stage), p.Metrics);
            });
            return run(progress);
        });
    }

    /// <summary>
    /// One bar from <paramref name="start"/> (a resumed run's step) to <paramref name="steps"/>, labelled "GRPO 12/100  reward ...".
    /// When stdout is not a terminal (a log file, CI) a redrawn bar shows nothing useful: one plain line per step instead.
    /// </summary>
    public static Task<T> RunAsync<T>(string name, int start, int steps, Func<Action<int, IReadOnlyDictionary<string, double>>, Task<T>> run)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return run((step, metrics) => Console.Out.WriteLine($"{name} {step}/{steps}  {Figures(metrics)}".TrimEnd()));
        return Start(ctx =>
        {
            var bar = ctx.AddTask(Describe($"{name} {start}/{steps}", new Dictionary<string, double>()), maxValue: Math.Max(1, steps));
            bar.Value = start;
            return run((step, metrics) =>
            {
                bar.Value = step;
                bar.Description = Describe($"{name} {step}/{steps}", metrics);
            });
        });
    }

    private static Task<T> Start<T>(Func<ProgressContext, Task<T>> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(body);

    /// <summary>"[bold]GRPO[/]  reward 0.61  acc 54%  len 27": the stage in bold, then its figures.</summary>
    private static string Describe(string name, IReadOnlyDictionary<string, double> m) =>
        $"[bold]{Markup.Escape(name)}[/]  {Markup.Escape(Figures(m))}".TrimEnd();

    /// <summary>"reward 0.61  acc 54%  len 27": the few figures worth watching.</summary>
    private static string Figures(IReadOnlyDictionary<string, double> m)
    {
        var parts = new List<string>();
        void Add(string key, string label, string format, double scale = 1, string unit = "")
        {
            if (m.TryGetValue(key, out var v) && double.IsFinite(v))
                parts.Add($"{label} {(v * scale).ToString(format, CultureInfo.InvariantCulture)}{unit}");
        }
        Add("loss/sft", "loss", "0.000");
        Add("reward/total", "reward", "0.00");
        Add("reward/accuracy", "acc", "0", 100, "%");
        Add("completion/length_mean", "len", "0");
        Add("policy/entropy", "H", "0.00");
        Add("kl/reference", "KL", "0.000");
        Add("eval/accuracy", "held-out acc", "0.0", 100, "%");
        Add("validation/accuracy", "validation acc", "0.0", 100, "%");
        return string.Join("  ", parts);
    }
}
