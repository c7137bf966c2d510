using System.Globalization;
using R1Gym.Training;
using R1Gym.Training.Demo;
using Spectre.Console;

namespace R1Gym.Cli.Commands;

/// <summary>Live progress of training runs (Spectre.Console): one bar per stage with the latest reward and accuracy.</summary>
internal static class TrainingDisplay
{
    private static readonly Dictionary<string, string> StageNames = new()
    {
        ["sft"] = "cold-start SFT",
        ["eval-sft"] = "evaluate after SFT",
        ["grpo"] = "GRPO",
        ["eval-grpo"] = "evaluate after GRPO",
        ["benchmark"] = "training benchmark",
    };

    public static Task<DemoReport> RunDemoAsync(Func<IProgress<DemoProgress>, Task<DemoReport>> run) =>
        Start(ctx =>
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

    public static Task<T> RunAsync<T>(string name, int steps, Func<Action<int, IReadOnlyDictionary<string, double>>, Task<T>> run) =>
        Start(ctx =>
        {
            var bar = ctx.AddTask(name, maxValue: Math.Max(1, steps));
            return run((step, metrics) =>
            {
                bar.Value = step;
                bar.Description = Describe(name, metrics);
            });
        });

    private static Task<T> Start<T>(Func<ProgressContext, Task<T>> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(body);

    /// <summary>"GRPO  reward 0.61  acc 54%  len 27": the few figures worth watching.</summary>
    private static string Describe(string name, IReadOnlyDictionary<string, double> m)
    {
        var parts = new List<string> { $"[bold]{Markup.Escape(name)}[/]" };
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
        Add("eval/accuracy", "held-out acc", "0.0", 100, "%");
        return string.Join("  ", parts);
    }
}
