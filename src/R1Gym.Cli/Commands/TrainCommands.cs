using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;
using R1Gym.Training.Demo;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym train sft</c> and <c>r1gym train grpo</c>. Knobs come from the <c>Sft</c> / <c>Grpo</c> / <c>Rewards</c>
/// configuration sections: appsettings.json, then <c>--config file.json</c>, then <c>--set Grpo:GroupSize=16</c>.
/// A run folder holds checkpoints/, metrics.jsonl, plots/ and the final model/; <c>--resume</c> continues it exactly.
/// </summary>
internal static class TrainCommands
{
    private static readonly Option<string> Model = new("--model", "-m")
    {
        Description = "Model folder: config.json + safetensors + tokenizer.json (for example runs/demo/model). With --resume, the run's starting model.",
        Required = true,
        HelpName = "dir",
    };
    private static readonly Option<string?> Config = new("--config") { Description = "JSON file with Grpo / Sft / Rewards sections (overridden by --set).", HelpName = "file" };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Run folder: checkpoints/, metrics.jsonl, plots/, model/ (default: runs/<sft|grpo>).", HelpName = "dir" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Continue exactly from the run folder's latest checkpoint (pass the same options; Steps may grow)." };
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> PromptFormat = new("--prompt-format")
    {
        Description = "r1 (the R1 chat template) or compact ('Q: ...\\nA: <think>', what the demo trains with).",
        DefaultValueFactory = _ => "r1",
    };
    private static readonly Option<string?> TaskOptions = new("--task-options") { Description = "Task options as a JSON object.", HelpName = "json" };

    /// <summary>Options that may differ on resume without changing what the remaining steps compute.</summary>
    private static readonly HashSet<string> ResumableChanges = ["Steps", "CheckpointEvery"];

    public static Command Create()
    {
        var train = new Command("train", "Train a policy: cold-start SFT on worked solutions or JSONL, or GRPO on a task's rule-based rewards.");
        train.Subcommands.Add(Sft());
        train.Subcommands.Add(Grpo());
        return train;
    }

    private static Command Sft()
    {
        var task = new Option<string?>("--task") { Description = "Task whose reference solutions are the examples (or use --data)." };
        var data = new Option<string?>("--data") { Description = "JSONL of {\"prompt\", \"completion\"} pairs (prompts are rendered with --prompt-format).", HelpName = "file" };
        var examples = new Option<int>("--examples") { Description = "Worked solutions to generate from --task.", DefaultValueFactory = _ => 1000 };
        var command = new Command("sft", "Supervised fine-tuning with the prompt masked out (R1's cold start; also distillation from a teacher's JSONL).")
        {
            Model, task, data, examples, TaskOptions, Config, Output, Resume, Device, PromptFormat, ModelArguments.TimeBudget,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = Host(parse);
            var options = host.Services.GetRequiredService<IOptions<SftOptions>>().Value;
            var render = Renderer(parse.GetValue(PromptFormat)!);
            if (parse.GetValue(examples) < 1)
                throw new R1GymException($"--examples must be at least 1, found {parse.GetValue(examples)}.");
            IReadOnlyList<SftExample> set = (parse.GetValue(task), parse.GetValue(data)) switch
            {
                ({ } id, null) => SftData.FromTask(CreateTask(host, id, parse), seed: 0, parse.GetValue(examples), render),
                (null, { } file) => SftData.FromJsonl(file, render),
                _ => throw new R1GymException("Pass exactly one of --task <id> (its worked solutions) or --data <file.jsonl>."),
            };
            var run = RunFolder(parse, "sft");
            var checkpoint = parse.GetValue(Resume) ? Latest(run, "sft", options, Logger(host)) : null;
            var (model, tokenizer) = LoadModel(parse);
            using var _ = model;
            using var trainer = new SftTrainer(options, model, tokenizer, set, Logger(host))
            {
                Checkpoints = new CheckpointStore(Path.Combine(run, "checkpoints")),
                MetricsPath = Path.Combine(run, "metrics.jsonl"),
                TimeBudget = ModelArguments.Budget(parse),
            };
            if (checkpoint is not null)
                trainer.Resume(checkpoint);
            await Display(parse, "SFT", trainer.Step, options.Steps,
                report => trainer.Train(new InlineProgress<SftProgress>(p => report(p.Step, p.Metrics)), ct));
            SaveIfCutShort(run, trainer.Step, options.Steps, trainer.SaveCheckpoint);
            return Finish(parse, run, model, tokenizer, trainer.Step, checkpoint, ["loss/sft", "policy/grad_norm"]);
        });
        return command;
    }

    private static Command Grpo()
    {
        var task = new Option<string>("--task") { Description = "Task id to train on (see 'r1gym tasks list').", Required = true };
        var command = new Command("grpo", "GRPO on a task's rule-based rewards (R1-Zero), with the DAPO and Dr. GRPO options (see the Grpo section).")
        {
            Model, task, TaskOptions, Config, Output, Resume, Device, PromptFormat, ModelArguments.TimeBudget,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = Host(parse);
            var options = host.Services.GetRequiredService<IOptions<GrpoOptions>>().Value;
            var rewards = host.Services.GetRequiredService<RewardComposer>();
            var render = Renderer(parse.GetValue(PromptFormat)!);
            var reasoningTask = CreateTask(host, parse.GetValue(task)!, parse);
            var run = RunFolder(parse, "grpo");
            var checkpoint = parse.GetValue(Resume) ? Latest(run, "grpo", options, Logger(host)) : null;
            var (model, tokenizer) = LoadModel(parse);
            using var _ = model;
            using var trainer = new GrpoTrainer(options, model, tokenizer, reasoningTask, rewards, render, Logger(host))
            {
                Checkpoints = new CheckpointStore(Path.Combine(run, "checkpoints")),
                MetricsPath = Path.Combine(run, "metrics.jsonl"),
                TimeBudget = ModelArguments.Budget(parse),
            };
            if (checkpoint is not null)
                trainer.Resume(checkpoint);
            await Display(parse, "GRPO", trainer.Step, options.Steps,
                report => trainer.Train(new InlineProgress<GrpoProgress>(p => report(p.Step, p.Metrics)), ct));
            SaveIfCutShort(run, trainer.Step, options.Steps, trainer.SaveCheckpoint);
            return Finish(parse, run, model, tokenizer, trainer.Step, checkpoint, [.. MetricsPlotter.DefaultMetrics, "kl/reference"]);
        });
        return command;
    }

    private static Microsoft.Extensions.Hosting.IHost Host(ParseResult parse) =>
        ModelArguments.HostWithConfigFile(parse, parse.GetValue(Config), """{"Grpo": {"Steps": 100}, "Rewards": {...}}""");

    private static (CausalLM Model, ITextTokenizer Tokenizer) LoadModel(ParseResult parse)
    {
        var dir = parse.GetValue(Model)!;
        var device = TorchBackend.Resolve(parse.GetValue(Device)!);
        var model = CausalLM.Load(dir, device, device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32);
        try
        {
            return (model, TextTokenizer.Load(dir));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The single-turn, trainable task <paramref name="id"/>: multi-turn games and held-out evaluation sets are refused.</summary>
    private static IReasoningTask CreateTask(Microsoft.Extensions.Hosting.IHost host, string id, ParseResult parse)
    {
        var registry = host.Services.GetRequiredService<ITaskRegistry>();
        var descriptor = registry.Get(id);
        if (descriptor.EvaluationOnly)
            throw new R1GymException($"Task '{id}' is an evaluation-only set; training on it would leak the held-out problems into the policy. " +
                "Train on a training split (see 'r1gym tasks list': ids without [eval]) and evaluate on this one.");
        var instance = registry.Create(id, ParseTaskOptions(parse.GetValue(TaskOptions)));
        return instance.Task ?? throw new R1GymException(
            $"Task '{id}' is a multi-turn environment; 'train' runs on single-turn tasks (one prompt, one verified answer). Pick a single-turn task from 'r1gym tasks list'.");
    }

    private static JsonObject? ParseTaskOptions(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new R1GymException($"--task-options expects a JSON object such as '{{\"digits\": 4}}', found '{json}'.");
        }
        catch (JsonException e)
        {
            throw new R1GymException($"--task-options is not valid JSON ({e.Message}); expected an object such as '{{\"digits\": 4}}'.");
        }
    }

    private static Func<string, string> Renderer(string format) => format switch
    {
        "r1" => p => ChatTemplate.R1.Render(p),
        "compact" => DemoPipeline.RenderPrompt,
        _ => throw new R1GymException($"--prompt-format must be r1 or compact, found '{format}'."),
    };

    private static string RunFolder(ParseResult parse, string kind) => Path.GetFullPath(parse.GetValue(Output) ?? Path.Combine("runs", kind));

    /// <summary>
    /// The run's newest complete checkpoint. Options that change the remaining steps (seed, batch shape, learning rate...)
    /// and differ from the checkpoint's are named in a warning: the resumed run will not match an uninterrupted one.
    /// </summary>
    private static string Latest<TOptions>(string run, string trainer, TOptions options, ILogger logger)
    {
        var folder = Path.Combine(run, "checkpoints");
        var checkpoint = new CheckpointStore(folder).Latest()
            ?? throw new R1GymException($"--resume found no checkpoint under {folder}; start without --resume or pass the run's --output.");
        var state = CheckpointStore.ReadState(checkpoint);
        if (state.Trainer != trainer)
            throw new R1GymException($"Checkpoint '{checkpoint}' was written by the {state.Trainer} trainer; resume it with 'train {state.Trainer}'.");
        var now = JsonSerializer.SerializeToNode(options)!.AsObject();
        var changed = now.Where(kv => !ResumableChanges.Contains(kv.Key) && state.Options.TryGetPropertyValue(kv.Key, out var before)
                && !JsonNode.DeepEquals(before, kv.Value))
            .Select(kv => $"{kv.Key} {state.Options[kv.Key]?.ToJsonString()} -> {kv.Value?.ToJsonString()}").ToList();
        if (changed.Count > 0)
            logger.LogWarning("Resuming {Checkpoint} with changed options ({Changes}); the run will differ from an uninterrupted one. Pass the original --config / --set to continue exactly",
                checkpoint, string.Join(", ", changed));
        return checkpoint;
    }

    /// <summary>
    /// A run cut short by --time-budget keeps a checkpoint of its last step, so --resume continues from there. Only when that
    /// step has none yet: saving a step again deletes the folder 'latest' points to before its replacement moves in.
    /// </summary>
    private static void SaveIfCutShort(string run, int step, int steps, Func<string> save)
    {
        var latest = new CheckpointStore(Path.Combine(run, "checkpoints")).Latest();
        if (step < steps && (latest is null || CheckpointStore.ReadState(latest).Step != step))
            save();
    }

    private static ILogger Logger(Microsoft.Extensions.Hosting.IHost host) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("R1Gym.Training");

    private static Task Display<T>(ParseResult parse, string name, int start, int steps, Func<Action<int, IReadOnlyDictionary<string, double>>, T> train)
    {
        if (parse.GetValue(CliOptions.Json))
        {
            train((_, _) => { });
            return Task.CompletedTask;
        }
        return TrainingDisplay.RunAsync(name, start, steps, report => Task.FromResult(train(report)));
    }

    private static int Finish(ParseResult parse, string run, CausalLM model, ITextTokenizer tokenizer, int steps, string? resumedFrom, IEnumerable<string> plotted)
    {
        var modelDir = Path.Combine(run, "model");
        model.Save(modelDir);
        tokenizer.Save(modelDir);
        var metrics = Path.Combine(run, "metrics.jsonl");
        var rows = File.Exists(metrics) ? MetricsLog.Load(metrics) : [];
        var plots = rows.Count > 0 ? MetricsPlotter.Plot(rows, Path.Combine(run, "plots"), plotted) : [];
        var last = rows.Count > 0 ? rows[^1] : null;
        if (parse.GetValue(CliOptions.Json))
        {
            CliOutput.WriteJson(new
            {
                steps, run, model = modelDir, metrics, plots, resumed_from = resumedFrom,
                checkpoint = new CheckpointStore(Path.Combine(run, "checkpoints")).Latest(), last_metrics = last?.Values,
            });
            return 0;
        }
        Console.Out.WriteLine($"trained {steps} steps{(resumedFrom is null ? "" : $" (resumed from {resumedFrom})")}; model: {modelDir}");
        if (last is not null)
            Console.Out.WriteLine($"step {last.Step}: {Summary(last)}");
        Console.Out.WriteLine($"metrics: {metrics}");
        foreach (var plot in plots)
            Console.Out.WriteLine($"plot: {plot}");
        return 0;
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
        Add("reward/total", "reward", v => Fixed(v, "0.000"));
        Add("reward/accuracy", "accuracy", v => Fixed(v * 100, "0.0") + "%");
        Add("completion/length_mean", "length", v => Fixed(v, "0.0"));
        Add("policy/entropy", "entropy", v => Fixed(v, "0.000"));
        Add("kl/reference", "kl", v => Fixed(v, "0.0000"));
        Add("policy/grad_norm", "grad norm", v => Fixed(v, "0.000"));
        Add("policy/learning_rate", "lr", v => Fixed(v, "0.##E+0"));
        Add("perf/step_seconds", "step", v => Fixed(v, "0.00") + " s");
        return string.Join("  ", parts);
    }
}
