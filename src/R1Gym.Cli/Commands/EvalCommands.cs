using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;
using R1Gym.Training.Demo;
using R1Gym.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym eval --model &lt;dir&gt; --task &lt;id|set&gt;... --samples k</c>: pass@1 from k samples at R1's settings
/// (temperature 0.6, top-p 0.95), unbiased pass@k, maj@k and greedy accuracy, per task and overall; writes report.json,
/// report.md, scores.png and samples.jsonl. Knobs: the <c>Eval</c> section, then the flags.
/// </summary>
internal static partial class EvalCommands
{
    /// <summary>This area's commands: eval, sample, distill and pipeline.</summary>
    public static IEnumerable<Command> CreateAll() => [Create(), DistillCommands.Sample(), DistillCommands.Distill(), PipelineCommands.Create()];

    public static Command Create()
    {
        var model = ModelArguments.Model("--model", "Model folder: config.json + safetensors + tokenizer.json.");
        var tasks = new Option<string[]>("--task", "-t")
        {
            Description = $"Task ids or task sets ({string.Join(", ", TaskSets.All.Keys)}); repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var samples = new Option<int?>("--samples", "-k") { Description = "k, samples per problem (default: Eval:Samples = 4)." };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature (default 0.6, R1's setting)." };
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling (default 0.95, R1's setting)." };
        var maxTokens = new Option<int?>("--max-new-tokens") { Description = "Generation budget per completion (default 1024)." };
        var maxProblems = new Option<int?>("--max-problems") { Description = "Problems per task at most (default 200)." };
        var noGreedy = new Option<bool>("--no-greedy") { Description = "Skip the greedy decoding pass." };
        var output = new Option<string?>("--output", "-o") { Description = "Report folder (default: runs/eval/<model folder name>).", HelpName = "dir" };
        var taskOptions = TaskArguments.TaskOptions();
        taskOptions.Description = "Options of every evaluated task as a JSON object, e.g. '{\"digits\": 3}' (default: each task's defaults).";
        var command = new Command("eval", "Evaluate a model: pass@1 from k samples (T=0.6, top-p 0.95), pass@k, maj@k, greedy; JSON + Markdown + plot.")
        {
            model, tasks, taskOptions, samples, temperature, topP, maxTokens, maxProblems, noGreedy, output, ModelArguments.Device, ModelArguments.PromptFormat,
            ModelArguments.ConfigFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = ModelArguments.Host(parse);
            var options = new EvalOptions();
            host.Services.GetRequiredService<IConfiguration>().GetSection(EvalOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            options.Samples = parse.GetValue(samples) ?? options.Samples;
            options.Temperature = parse.GetValue(temperature) ?? options.Temperature;
            options.TopP = parse.GetValue(topP) ?? options.TopP;
            options.MaxNewTokens = parse.GetValue(maxTokens) ?? options.MaxNewTokens;
            options.MaxProblems = parse.GetValue(maxProblems) ?? options.MaxProblems;
            options.Greedy &= !parse.GetValue(noGreedy);
            var registry = host.Services.GetRequiredService<ITaskRegistry>();
            var expansion = TaskSets.Expand(parse.GetValue(tasks)!, registry);
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("R1Gym.Eval");
            if (expansion.Missing.Count > 0)
                logger.LogWarning("Not installed, left out of the report: {Missing}", string.Join(", ", expansion.Missing));
            var dir = parse.GetValue(model)!;
            var (lm, tokenizer) = ModelArguments.Load(dir, parse.GetValue(ModelArguments.Device)!);
            using var _ = lm;
            var optionsOfTasks = TaskArguments.ParseOptions(parse.GetValue(taskOptions));
            var instances = expansion.Tasks.Select(id => (id, Instance: registry.Create(id, optionsOfTasks?.DeepClone().AsObject()))).ToList();
            var selected = instances.Where(t => t.Instance.IsSingleTurn).Select(t => (t.id, t.Instance.RequireTask())).ToList();
            // Multi-turn environments: mean return and win rate over held-out episodes, played greedily.
            var environments = EnvironmentScores(lm, tokenizer, instances.Where(t => !t.Instance.IsSingleTurn).ToList(), parse.GetValue(ModelArguments.PromptFormat)!, options, logger, ct);
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
            var report = await EvaluationRun.RunAsync(name, lm, tokenizer, selected, ModelArguments.Renderer(parse.GetValue(ModelArguments.PromptFormat)!), options,
                new InlineProgress<string>(id => logger.LogInformation("Evaluating {Task}", id)), ct);
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("runs", "eval", name));
            var files = EvalReportWriter.Write(report, folder);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { report, environments, files, missing_tasks = expansion.Missing });
            else
            {
                Console.Out.Write(report.ToMarkdown());
                foreach (var e in environments)
                    Console.Out.WriteLine($"{e.TaskId}: {e.Episodes} held-out episodes, mean return {e.MeanReturn:F3}, win rate {e.WinRate:P1}, {e.TurnsMean:F2} turns");
                foreach (var file in files)
                    Console.Out.WriteLine($"wrote {file}");
            }
            return 0;
        });
        return command;
    }
}

internal static partial class EvalCommands
{
    /// <summary>The seed of held-out environment episodes: one no training stream of the CLI draws.</summary>
    private const long HeldoutEpisodeSeed = 1_000_003;

    private static List<EnvironmentScore> EnvironmentScores(CausalLM model, ITextTokenizer tokenizer, List<(string Id, TaskInstance Instance)> environments,
        string promptFormat, EvalOptions options, ILogger logger, CancellationToken ct)
    {
        if (environments.Count == 0)
            return [];
        var format = ConversationFormat.FromTemplate(promptFormat == "compact" ? DemoPipeline.Template : ChatTemplate.R1);
        var episodes = new EpisodeOptions
        {
            MaxTokensPerTurn = Math.Min(options.MaxNewTokens, model.Config.MaxPositionEmbeddings / 2),
            MaxEpisodeTokens = model.Config.MaxPositionEmbeddings,
        };
        var runner = new EpisodeRunner(model, tokenizer, format, episodes);
        return environments.Select(e =>
        {
            logger.LogInformation("Evaluating {Task} over {Episodes} held-out episodes", e.Id, options.MaxProblems);
            return EnvironmentEvaluator.Evaluate(runner, e.Id, e.Instance.CreateEnvironment, HeldoutEpisodeSeed, options.MaxProblems, cancellationToken: ct);
        }).ToList();
    }
}

/// <summary>Options and helpers shared by eval, sample and distill.</summary>
internal static class ModelArguments
{
    public static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };

    public static readonly Option<string> PromptFormat = new("--prompt-format")
    {
        Description = "r1 (the R1 chat template) or compact ('Q: ...\\nA: <think>', what the demo and from-scratch pipelines use).",
        DefaultValueFactory = _ => "r1",
    };

    /// <summary><c>--config file.json</c>: configuration sections for this command (Eval, RejectionSampling, Sft, ...), under <c>--set</c>.</summary>
    public static readonly Option<string?> ConfigFile = new("--config")
    {
        Description = "JSON file with this command's configuration sections (e.g. Eval, RejectionSampling, Sft); --set overrides it.",
        HelpName = "file",
    };

    /// <summary><c>--time-budget seconds</c>: training stops after the step that crosses it (equal compute for compared runs).</summary>
    public static readonly Option<double?> TimeBudget = new("--time-budget")
    {
        Description = "Stop training after the step that crosses this many seconds (a fixed compute budget); default: no limit, run every step.",
        HelpName = "seconds",
    };

    public static Option<string> Model(string name, string description) => new(name) { Description = description, Required = true, HelpName = "dir" };

    /// <summary>The command's host, with <see cref="ConfigFile"/>'s keys below the <c>--set</c> overrides.</summary>
    public static IHost Host(ParseResult parse) =>
        HostWithConfigFile(parse, parse.GetValue(ConfigFile), """{"Eval": {"Samples": 4}}""");

    /// <summary>The CLI host with a JSON file of configuration sections (when given) under --set.</summary>
    public static IHost HostWithConfigFile(ParseResult parse, string? file, string example)
    {
        if (file is null)
            return CliHost.Build(parse);
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
            throw new R1GymException($"Config file '{path}' does not exist; pass a JSON file of configuration sections (for example {example}).");
        IConfiguration config;
        try
        {
            config = new ConfigurationBuilder().AddJsonFile(path).Build();
        }
        catch (InvalidDataException e)
        {
            // The JSON provider wraps the parser's message (line and position) one or two levels down.
            var reason = (e.InnerException?.InnerException ?? e.InnerException ?? e).Message;
            throw new R1GymException($"Config file '{path}' is not a valid JSON object: {reason} Expected configuration sections, for example {example}.");
        }
        return CliHost.Build(parse, config.AsEnumerable().Where(kv => kv.Value is not null).ToList());
    }

    /// <summary>The <see cref="TimeBudget"/> given, or null; a budget that is not positive is an error.</summary>
    public static TimeSpan? Budget(ParseResult parse) => parse.GetValue(TimeBudget) switch
    {
        null => null,
        > 0 and <= 1e8 and var seconds => TimeSpan.FromSeconds(seconds),
        var seconds => throw new R1GymException($"--time-budget must be a positive number of seconds (at most 1e8), found {seconds}."),
    };

    public static (CausalLM Model, ITextTokenizer Tokenizer) Load(string dir, string device)
    {
        if (!Directory.Exists(dir))
            throw new R1GymException($"Model folder '{Path.GetFullPath(dir)}' does not exist; pass a folder with config.json, safetensors and tokenizer.json (for example runs/demo/model).");
        var resolved = TorchBackend.Resolve(device);
        var model = CausalLM.Load(dir, resolved, resolved.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32);
        return (model, TextTokenizer.Load(dir));
    }

    public static Func<string, string> Renderer(string format) => format switch
    {
        "r1" => p => ChatTemplate.R1.Render(p),
        "compact" => DemoPipeline.RenderPrompt,
        _ => throw new R1GymException($"--prompt-format must be r1 or compact, found '{format}'."),
    };

    public static ILogger Logger(IHost host, string category) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
}
