using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym train sft</c> and <c>r1gym train grpo</c>. Knobs come from the <c>Sft</c> / <c>Grpo</c> / <c>Rewards</c>
/// configuration sections: appsettings.json, then <c>--config file.json</c>, then <c>--set Grpo:GroupSize=16</c>.
/// A run folder holds checkpoints/, metrics.jsonl, plots/, run.json and the final model/; <c>--resume</c> continues it
/// exactly (<see cref="TrainingRun"/>), and the loop is the trainers' own (<see cref="Trainer"/>).
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
    internal static readonly Option<string?> Output = new("--output", "-o") { Description = "Run folder: checkpoints/, metrics.jsonl, plots/, model/, run.json (default: runs/<sft|grpo>). A folder that holds a run needs --resume or --overwrite.", HelpName = "dir" };
    private static readonly Option<string> Device = ModelArguments.Device;
    private static readonly Option<string> PromptFormat = ModelArguments.PromptFormat;

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
        var taskOptions = TaskArguments.TaskOptions();
        var command = new Command("sft", "Supervised fine-tuning with the prompt masked out (R1's cold start; also distillation from a teacher's JSONL).")
        {
            Model, task, data, examples, taskOptions, Config, Output, Device, PromptFormat, ModelArguments.TimeBudget,
            TrainingRun.Resume, TrainingRun.Overwrite, TrainingRun.AcceptChanges, TrainingRun.EvalEvery, TrainingRun.EvalProblems,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = Host(parse);
            var options = host.Services.GetRequiredService<IOptions<SftOptions>>().Value;
            var render = ModelArguments.Renderer(parse.GetValue(PromptFormat)!);
            if (parse.GetValue(examples) is < 1 or > 10_000_000)
                throw new R1GymException($"--examples must be between 1 and 10000000, found {parse.GetValue(examples)}.");
            var id = parse.GetValue(task);
            var file = parse.GetValue(data);
            var parsedOptions = TaskArguments.ParseOptions(parse, taskOptions);
            var reasoningTask = id is null ? null : CreateTask(host, id, parsedOptions);
            IReadOnlyList<SftExample> set = (reasoningTask, file) switch
            {
                ({ } t, null) => SftData.FromTask(t, seed: 0, parse.GetValue(examples), render),
                (null, { } path) => SftData.FromJsonl(path, render),
                _ => throw new R1GymException("Pass exactly one of --task <id> (its worked solutions) or --data <file.jsonl>."),
            };
            var identity = new RunIdentity("sft", id ?? Path.GetFullPath(file!), parsedOptions, parse.GetValue(PromptFormat));
            using var run = TrainingRun.Open(parse, RunPath(parse, "sft"), identity);
            var checkpoint = TrainingRun.Checkpoint(parse, run);
            var (model, tokenizer) = LoadModel(parse);
            using var _ = model;
            using var trainer = new SftTrainer(options, model, tokenizer, set, Logger(host))
            {
                Checkpoints = new CheckpointStore(run.Checkpoints),
                MetricsPath = run.Metrics,
                TimeBudget = ModelArguments.Budget(parse),
                StopRequested = Interrupts.StopRequested,
                Evaluation = TrainingRun.Evaluation(parse, reasoningTask, model, tokenizer, render, maxNewTokens: 256),
            };
            if (checkpoint is not null)
                trainer.Resume(checkpoint);
            await TrainingRun.Train(parse, run, "SFT", trainer, options.Steps, ct);
            return TrainingRun.Finish(parse, run, model, tokenizer, trainer, checkpoint, ["loss/sft", "policy/grad_norm"]);
        });
        return command;
    }

    private static Command Grpo()
    {
        var task = new Option<string[]>("--task")
        {
            Description = "Task or environment id to train on (see 'r1gym tasks list'); repeat with weights for a mixture: --task a:0.5 --task b:0.5.",
            Required = true,
        };
        var taskOptions = TaskArguments.TaskOptions();
        var command = new Command("grpo", "GRPO on a task's rule-based rewards (R1-Zero), with the DAPO and Dr. GRPO options (see the Grpo section); " +
            "environments are played as multi-turn episodes (see the Episodes section: turns, tokens, return, Tools such as csharp).")
        {
            Model, task, taskOptions, Config, Output, Device, PromptFormat, ModelArguments.TimeBudget,
            TrainingRun.Resume, TrainingRun.Overwrite, TrainingRun.AcceptChanges, TrainingRun.EvalEvery, TrainingRun.EvalProblems,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = Host(parse);
            var options = host.Services.GetRequiredService<IOptions<GrpoOptions>>().Value;
            var rewards = host.Services.GetRequiredService<RewardComposer>();
            var render = ModelArguments.Renderer(parse.GetValue(PromptFormat)!);
            var mixture = TaskMixture.Parse(parse.GetValue(task)!);
            var episodes = EpisodeRun.Options(host, options);
            if (mixture.Entries.Count > 1 || episodes.Tools.Count > 0 || !IsSingleTurn(host, mixture.Entries[0].Id))
                return await EpisodeRun.GrpoAsync(parse, host, mixture, episodes, options, TaskArguments.ParseOptions(parse, taskOptions), Logger(host), ct);
            var id = mixture.Entries[0].Id;
            var parsedOptions = TaskArguments.ParseOptions(parse, taskOptions);
            var reasoningTask = CreateTask(host, id, parsedOptions);
            var identity = new RunIdentity("grpo", id, parsedOptions, parse.GetValue(PromptFormat));
            using var run = TrainingRun.Open(parse, RunPath(parse, "grpo"), identity);
            var checkpoint = TrainingRun.Checkpoint(parse, run);
            var (model, tokenizer) = LoadModel(parse);
            using var _ = model;
            using var trainer = new GrpoTrainer(options, model, tokenizer, reasoningTask, rewards, render, Logger(host))
            {
                Checkpoints = new CheckpointStore(run.Checkpoints),
                MetricsPath = run.Metrics,
                TimeBudget = ModelArguments.Budget(parse),
                StopRequested = Interrupts.StopRequested,
                Evaluation = TrainingRun.Evaluation(parse, reasoningTask, model, tokenizer, render, options.MaxNewTokens),
            };
            if (checkpoint is not null)
                trainer.Resume(checkpoint);
            await TrainingRun.Train(parse, run, "GRPO", trainer, options.Steps, ct);
            return TrainingRun.Finish(parse, run, model, tokenizer, trainer, checkpoint, [.. MetricsPlotter.DefaultMetrics, "kl/reference"]);
        });
        return command;
    }

    private static Microsoft.Extensions.Hosting.IHost Host(ParseResult parse) =>
        ModelArguments.HostWithConfigFile(parse, parse.GetValue(Config), """{"Grpo": {"Steps": 100}, "Rewards": {...}}""");

    internal static (CausalLM Model, ITextTokenizer Tokenizer) LoadModel(ParseResult parse)
    {
        var dir = parse.GetValue(Model)!;
        var device = TorchBackend.Resolve(parse.GetValue(Device)!);
        var model = CausalLM.Load(dir, device, device.type == TorchSharp.DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32);
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
    private static IReasoningTask CreateTask(Microsoft.Extensions.Hosting.IHost host, string id, JsonObject? taskOptions)
    {
        var registry = host.Services.GetRequiredService<ITaskRegistry>();
        var descriptor = registry.Get(id);
        if (descriptor.EvaluationOnly)
            throw new R1GymException($"Task '{id}' is an evaluation-only set; training on it would leak the held-out problems into the policy. " +
                "Train on a training split (see 'r1gym tasks list': ids without [eval]) and evaluate on this one.");
        var instance = registry.Create(id, taskOptions);
        return instance.Task ?? throw new R1GymException(
            $"Task '{id}' is a multi-turn environment; 'train' runs on single-turn tasks (one prompt, one verified answer). Pick a single-turn task from 'r1gym tasks list'.");
    }

    private static bool IsSingleTurn(Microsoft.Extensions.Hosting.IHost host, string id) =>
        host.Services.GetRequiredService<ITaskRegistry>().Get(id).Kind == TaskKind.SingleTurn;

    internal static string RunPath(ParseResult parse, string kind) => Path.GetFullPath(parse.GetValue(Output) ?? Path.Combine("runs", kind));

    private static ILogger Logger(Microsoft.Extensions.Hosting.IHost host) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("R1Gym.Training");
}
