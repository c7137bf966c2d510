using System.CommandLine;
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
/// </summary>
internal static class TrainCommands
{
    private static readonly Option<string> Model = new("--model", "-m")
    {
        Description = "Model folder: config.json + safetensors + tokenizer.json (for example runs/demo/model).",
        Required = true,
        HelpName = "dir",
    };
    private static readonly Option<string?> Config = new("--config") { Description = "JSON file with Grpo / Sft / Rewards sections (overridden by --set).", HelpName = "file" };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Run folder: checkpoints/, metrics.jsonl, plots/, model/ (default: runs/<sft|grpo>).", HelpName = "dir" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Continue exactly from the run folder's latest checkpoint." };
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> PromptFormat = new("--prompt-format")
    {
        Description = "r1 (the R1 chat template) or compact ('Q: ...\\nA: <think>', what the demo trains with).",
        DefaultValueFactory = _ => "r1",
    };
    private static readonly Option<string?> TaskOptions = new("--task-options") { Description = "Task options as a JSON object.", HelpName = "json" };

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
            Model, task, data, examples, TaskOptions, Config, Output, Resume, Device, PromptFormat,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = Host(parse);
            var options = host.Services.GetRequiredService<IOptions<SftOptions>>().Value;
            var (model, tokenizer) = LoadModel(parse);
            using var _ = model;
            var render = Renderer(parse.GetValue(PromptFormat)!);
            IReadOnlyList<SftExample> set = (parse.GetValue(task), parse.GetValue(data)) switch
            {
                ({ } id, null) => SftData.FromTask(CreateTask(host, id, parse), seed: 0, parse.GetValue(examples), render),
                (null, { } file) => SftData.FromJsonl(file, render),
                _ => throw new R1GymException("Pass exactly one of --task <id> (its worked solutions) or --data <file.jsonl>."),
            };
            var run = RunFolder(parse, "sft");
            using var trainer = new SftTrainer(options, model, tokenizer, set, Logger(host))
            {
                Checkpoints = new CheckpointStore(Path.Combine(run, "checkpoints")),
                MetricsPath = Path.Combine(run, "metrics.jsonl"),
            };
            if (parse.GetValue(Resume))
                trainer.Resume(Latest(run));
            await Display(parse, "SFT", options.Steps, report => trainer.Train(new InlineProgress<SftProgress>(p => report(p.Step, p.Metrics)), ct));
            return Finish(parse, run, model, tokenizer, trainer.Step, ["loss/sft"]);
        });
        return command;
    }

    private static Command Grpo()
    {
        var task = new Option<string>("--task") { Description = "Task id to train on (see 'r1gym tasks list').", Required = true };
        var command = new Command("grpo", "GRPO on a task's rule-based rewards (R1-Zero), with the DAPO and Dr. GRPO options (see the Grpo section).")
        {
            Model, task, TaskOptions, Config, Output, Resume, Device, PromptFormat,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = Host(parse);
            var options = host.Services.GetRequiredService<IOptions<GrpoOptions>>().Value;
            var rewards = host.Services.GetRequiredService<RewardComposer>();
            var (model, tokenizer) = LoadModel(parse);
            using var _ = model;
            var run = RunFolder(parse, "grpo");
            using var trainer = new GrpoTrainer(options, model, tokenizer, CreateTask(host, parse.GetValue(task)!, parse), rewards,
                Renderer(parse.GetValue(PromptFormat)!), Logger(host))
            {
                Checkpoints = new CheckpointStore(Path.Combine(run, "checkpoints")),
                MetricsPath = Path.Combine(run, "metrics.jsonl"),
            };
            if (parse.GetValue(Resume))
                trainer.Resume(Latest(run));
            await Display(parse, "GRPO", options.Steps, report => trainer.Train(new InlineProgress<GrpoProgress>(p => report(p.Step, p.Metrics)), ct));
            return Finish(parse, run, model, tokenizer, trainer.Step, MetricsPlotter.DefaultMetrics);
        });
        return command;
    }

    private static Microsoft.Extensions.Hosting.IHost Host(ParseResult parse)
    {
        var file = parse.GetValue(Config);
        if (file is not null && !File.Exists(file))
            throw new R1GymException($"Config file '{Path.GetFullPath(file)}' does not exist; pass a JSON file with Grpo / Sft / Rewards sections.");
        var overrides = file is null ? [] : new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file)).Build().AsEnumerable().Where(kv => kv.Value is not null).ToList();
        return CliHost.Build(parse, overrides);
    }

    private static (CausalLM Model, ITextTokenizer Tokenizer) LoadModel(ParseResult parse)
    {
        var dir = parse.GetValue(Model)!;
        var device = TorchBackend.Resolve(parse.GetValue(Device)!);
        var model = CausalLM.Load(dir, device, device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32);
        return (model, TextTokenizer.Load(dir));
    }

    private static IReasoningTask CreateTask(Microsoft.Extensions.Hosting.IHost host, string id, ParseResult parse) =>
        host.Services.GetRequiredService<ITaskRegistry>().Create(id, TaskArguments.ParseOptions(parse.GetValue(TaskOptions))).RequireTask();

    private static Func<string, string> Renderer(string format) => format switch
    {
        "r1" => p => ChatTemplate.R1.Render(p),
        "compact" => DemoPipeline.RenderPrompt,
        _ => throw new R1GymException($"--prompt-format must be r1 or compact, found '{format}'."),
    };

    private static string RunFolder(ParseResult parse, string kind) => Path.GetFullPath(parse.GetValue(Output) ?? Path.Combine("runs", kind));

    private static string Latest(string run) =>
        new CheckpointStore(Path.Combine(run, "checkpoints")).Latest()
        ?? throw new R1GymException($"--resume found no checkpoint under {Path.Combine(run, "checkpoints")}; start without --resume or pass the run's --output.");

    private static ILogger Logger(Microsoft.Extensions.Hosting.IHost host) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("R1Gym.Training");

    private static Task Display<T>(ParseResult parse, string name, int steps, Func<Action<int, IReadOnlyDictionary<string, double>>, T> train)
    {
        if (parse.GetValue(CliOptions.Json))
        {
            train((_, _) => { });
            return Task.CompletedTask;
        }
        return TrainingDisplay.RunAsync(name, steps, report => Task.FromResult(train(report)));
    }

    private static int Finish(ParseResult parse, string run, CausalLM model, ITextTokenizer tokenizer, int steps, IEnumerable<string> plotted)
    {
        var modelDir = Path.Combine(run, "model");
        model.Save(modelDir);
        tokenizer.Save(modelDir);
        var metrics = Path.Combine(run, "metrics.jsonl");
        var plots = File.Exists(metrics) ? MetricsPlotter.PlotFile(metrics, Path.Combine(run, "plots"), plotted) : [];
        var last = File.Exists(metrics) ? MetricsLog.Load(metrics).LastOrDefault() : null;
        if (parse.GetValue(CliOptions.Json))
            CliOutput.WriteJson(new { steps, run, model = modelDir, metrics, plots, last_metrics = last?.Values });
        else
        {
            Console.Out.WriteLine($"trained {steps} steps; model: {modelDir}");
            if (last is not null)
                Console.Out.WriteLine($"last step: {last}");
            foreach (var plot in plots)
                Console.Out.WriteLine($"plot: {plot}");
        }
        return 0;
    }
}
